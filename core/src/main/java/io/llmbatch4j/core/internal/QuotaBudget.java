package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenEstimator;
import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proactive requests- and tokens-per-minute budgets of {@link RateLimitConfig}: a FIFO queue of
 * waiters in front of a {@link QuotaLedger} (in memory by default, a GCRA on the engine clock; or
 * shared through the config's {@link QuotaStore}), with one timer. The head is granted once the
 * ledger reserves its request and estimated tokens; "go at T" schedules the timer, "wait for a
 * signal" waits for the ledger's {@link BudgetSignals#capacity()}. Reservations are made at grant
 * time, never ahead, so corrections from finished calls shape the next grant.
 * Reconciling a reservation moves the token budget by the estimate's error; a 429 returns the whole
 * reservation. Provider quota headers reporting an exhausted window hold every start until it
 * resets; so does a cooldown. With {@link RateLimitConfig#learnLimits()} the headers' limits set
 * the budgets left at 0.
 */
final class QuotaBudget {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaBudget.class);
    private static final double LEARNING_WEIGHT = 0.2;
    private static final int PROBES = 1;
    /** The share of a learned limit the budget spends (room for jitter). */
    static final double LEARNED_SHARE = 0.98;

    private static final class Waiter {
        final long raw;
        final long enqueuedAt;
        final MonoSink<Reservation> sink;
        boolean cancelled;
        @Nullable Reservation reservation;

        Waiter(long raw, long enqueuedAt, MonoSink<Reservation> sink) {
            this.raw = raw;
            this.enqueuedAt = enqueuedAt;
            this.sink = sink;
        }
    }

    /** One attempt's claim on the budgets. */
    static final class Reservation {
        final long rawEstimate;
        final long tokens;

        Reservation(long rawEstimate, long tokens) {
            this.rawEstimate = rawEstimate;
            this.tokens = tokens;
        }
    }

    private final EngineClock clock;
    private final TokenEstimator estimator;
    private final boolean followProvider;
    private final boolean learn;
    private final QuotaLedger ledger;

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private @Nullable Disposable timer;
    private long timerAt;
    private boolean drainSoon;
    /**
     * Whether a call ended yet. Learning with no limit known, only {@value #PROBES} call goes before
     * then: every reservation granted without a limit keeps it after the limits are learned (the
     * engine reserves before the worker gate), so granting all at once left the whole run unpaced.
     */
    private boolean answered;
    private int probes;
    /** Moving average of actual / raw estimate. */
    private double ratio = 1.0;
    /** Moving average of the tokens a call really spent; 0 until the first. */
    private double averageTokens;

    /** {@return whether {@code config} needs a budget: one is set, learned, or shared} */
    static boolean wanted(RateLimitConfig config) {
        return config.budgeted() || config.learnLimits();
    }

    QuotaBudget(RateLimitConfig config, EngineClock clock, Cooldown cooldown) {
        this.clock = clock;
        this.estimator = config.tokenEstimator();
        this.followProvider = config.followProviderQuota();
        this.learn = config.learnLimits();
        QuotaStore store = config.quotaStore() == null ? QuotaStore.inMemory() : config.quotaStore();
        QuotaLimits configured = new QuotaLimits(config.requestsPerMinute(), config.tokensPerMinute(),
                config.budgetBurst());
        this.ledger = store.open(configured, new BudgetSignals(this::drain, this::holdUntil, cooldown), clock.nanoTime());
        cooldown.share(ledger);
    }

    /**
     * A reservation for one call of {@code prompt}, granted (in FIFO order with other waiters) as
     * soon as both budgets allow it. Cancelling before the grant leaves the queue; a reservation
     * granted but not used should be {@link #refund refunded}.
     */
    Mono<Reservation> acquire(String prompt) {
        long raw = learn || ledger.limits().tokensPerMinute() > 0 ? estimate(prompt) : 0;
        return Mono.create(sink -> {
            Waiter w = new Waiter(raw, clock.nanoTime(), sink);
            synchronized (this) {
                queue.offer(w);
            }
            sink.onCancel(() -> {
                synchronized (this) {
                    w.cancelled = true;
                    queue.remove(w);
                }
            });
            drain();
        });
    }

    /** Grants the waiters at the head of the queue that the ledger allows now; schedules one timer for the next. */
    void drain() {
        List<Waiter> granted = null;
        synchronized (this) {
            long now = clock.nanoTime();
            boolean tokensBudgeted = ledger.limits().tokensPerMinute() > 0;
            Waiter w;
            while ((w = queue.peek()) != null) {
                if (w.cancelled) {
                    queue.poll();
                    continue;
                }
                boolean probing = learn && !answered && !ledger.limits().any();
                if (probing && probes >= PROBES) {
                    break; // the first answer drains again
                }
                long tokens = tokensBudgeted ? Math.max(1, Math.round(w.raw * ratio)) : 0;
                long wait = ledger.reserve(1, tokens, now, w.enqueuedAt);
                if (wait != QuotaLedger.GO) {
                    if (wait != QuotaLedger.WAIT_FOR_SIGNAL) {
                        scheduleDrain(wait, now);
                    }
                    break;
                }
                queue.poll();
                probes += probing ? 1 : 0;
                w.reservation = new Reservation(w.raw, tokens);
                if (granted == null) {
                    granted = new ArrayList<>();
                }
                granted.add(w);
            }
        }
        if (granted != null) {
            for (Waiter g : granted) {
                g.sink.success(g.reservation);
            }
        }
    }

    private void scheduleDrain(long delayNanos, long now) {
        long at = now + delayNanos;
        if (timer != null && timerAt <= at) {
            return;
        }
        if (timer != null) {
            timer.dispose();
        }
        timerAt = at;
        try {
            timer = clock.scheduler().schedule(() -> {
                synchronized (this) {
                    timer = null;
                }
                drain();
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            timer = null;
        }
    }

    /** The call of {@code r} spent {@code actualTokens} (0 when unknown). */
    synchronized void settle(Reservation r, long actualTokens) {
        if (!answered) {
            answered = true;
            drainSoon = true;
        }
        if (actualTokens <= 0 || (r.tokens == 0 && !learn)) {
            return;
        }
        if (r.tokens > 0) {
            ledger.reconcile(0, actualTokens - r.tokens);
            if (actualTokens < r.tokens) {
                drainSoon = true;
            }
        }
        averageTokens = averageTokens == 0 ? actualTokens
                : averageTokens + LEARNING_WEIGHT * (actualTokens - averageTokens);
        if (r.rawEstimate > 0) {
            ratio += LEARNING_WEIGHT * ((double) actualTokens / r.rawEstimate - ratio);
        }
    }

    /** The call of {@code r} was refused with a 429 or never made: the provider charged nothing, the reservation returns. */
    void refund(Reservation r) {
        synchronized (this) {
            answered = true;
        }
        ledger.reconcile(-1, -r.tokens);
        drain();
    }

    /** Nothing starts before {@code nanos} (engine clock). */
    void holdUntil(long nanos) {
        ledger.hold(nanos);
    }

    /** Grants what a settlement made possible. */
    void afterSettle() {
        boolean go;
        synchronized (this) {
            go = drainSoon;
            drainSoon = false;
        }
        if (go) {
            drain();
        }
    }

    /**
     * Follows the provider's headers: an exhausted window holds every start until its reset; with
     * learning on, the limits set the budgets left at 0. The provider counted at admission, about
     * when the call started, so the reset is taken from {@code callStartNanos}, not from the
     * answer's arrival (a latency later).
     */
    void observe(@Nullable RateLimitSnapshot snapshot, long callStartNanos) {
        if (snapshot == null) {
            return;
        }
        if (learn) {
            learnFrom(snapshot);
        }
        if (!followProvider) {
            return;
        }
        QuotaLimits limits = ledger.limits();
        long now = callStartNanos;
        Long requests = snapshot.requestsRemaining();
        Duration requestsReset = snapshot.requestsReset();
        if (limits.requestsPerMinute() > 0 && requests != null && requests <= 0 && requestsReset != null) {
            ledger.exhausted(now + requestsReset.toNanos());
        }
        Long tokens = snapshot.tokensRemaining();
        Duration tokensReset = snapshot.tokensReset();
        if (limits.tokensPerMinute() > 0 && tokens != null && tokensReset != null) {
            double needed;
            synchronized (this) {
                needed = Math.max(1, averageTokens);
            }
            if (tokens < needed) {
                ledger.exhausted(now + tokensReset.toNanos());
            }
        }
    }

    private void learnFrom(RateLimitSnapshot snapshot) {
        Long rpm = snapshot.requestsLimit();
        Long tpm = snapshot.tokensLimit();
        if (rpm == null && tpm == null) {
            return;
        }
        QuotaLimits learned = new QuotaLimits(rpm == null ? 0 : Math.max(1, (long) (rpm * LEARNED_SHARE)),
                tpm == null ? 0 : Math.max(1, (long) (tpm * LEARNED_SHARE)), Duration.ZERO);
        QuotaLimits before = ledger.limits();
        ledger.learn(learned);
        if (!before.equals(ledger.limits())) {
            LOG.debug("quota budgets learned from {}'s headers: {}", snapshot.provider(), ledger.limits());
            drain();
        }
    }

    private long estimate(String prompt) {
        try {
            return Math.max(1, estimator.estimate(prompt));
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            LOG.warn("token estimator {} threw; estimating 1 token", estimator, e);
            return 1;
        }
    }
}
