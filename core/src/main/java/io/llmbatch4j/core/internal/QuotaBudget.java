package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenEstimator;
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
 * The proactive requests- and tokens-per-minute budgets of {@link RateLimitConfig}, as a GCRA
 * (generic cell rate algorithm) on the engine clock with a FIFO queue of waiters and one timer:
 * the head is granted once both budgets allow a call now, which pushes each budget's theoretical
 * arrival time on by its cost (one request interval; estimated tokens times the token interval).
 * Reservations are made at grant time, never ahead, so corrections from finished calls shape the
 * next grant.
 * Reconciling a reservation moves the token time by the estimate's error; a 429 returns the whole
 * reservation. Provider quota headers reporting an exhausted window hold every start until it
 * resets; so does a cooldown.
 */
final class QuotaBudget {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaBudget.class);
    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();
    private static final double LEARNING_WEIGHT = 0.2;
    /** How much timer lateness a continuously busy budget may make up (bounds the burst it allows). */
    private static final long MAX_CATCH_UP_NANOS = Duration.ofMillis(5).toNanos();

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
    /** Nanos per request; 0 without a request budget. */
    private final double requestInterval;
    /** Nanos per token; 0 without a token budget. */
    private final double tokenInterval;
    private final long burstNanos;

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private @Nullable Disposable timer;
    private long timerAt;
    private boolean drainSoon;
    private double requestTat;
    private double tokenTat;
    private long holdUntil;
    /** Moving average of actual / raw estimate. */
    private double ratio = 1.0;
    /** Moving average of the tokens a call really spent; 0 until the first. */
    private double averageTokens;

    QuotaBudget(RateLimitConfig config, EngineClock clock) {
        this.clock = clock;
        this.estimator = config.tokenEstimator();
        this.followProvider = config.followProviderQuota();
        this.requestInterval = config.requestsPerMinute() > 0 ? (double) MINUTE_NANOS / config.requestsPerMinute() : 0;
        this.tokenInterval = config.tokensPerMinute() > 0 ? (double) MINUTE_NANOS / config.tokensPerMinute() : 0;
        this.burstNanos = config.budgetBurst().toNanos();
        long now = clock.nanoTime();
        this.requestTat = now;
        this.tokenTat = now;
        this.holdUntil = now;
    }

    /**
     * A reservation for one call of {@code prompt}, granted (in FIFO order with other waiters) as
     * soon as both budgets allow it. Cancelling before the grant leaves the queue; a reservation
     * granted but not used should be {@link #refund refunded}.
     */
    Mono<Reservation> acquire(String prompt) {
        long raw = tokenInterval > 0 ? estimate(prompt) : 0;
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

    /** Grants the waiters at the head of the queue that the budgets allow now; schedules one timer for the next. */
    private void drain() {
        List<Waiter> granted = null;
        synchronized (this) {
            long now = clock.nanoTime();
            Waiter w;
            while ((w = queue.peek()) != null) {
                if (w.cancelled) {
                    queue.poll();
                    continue;
                }
                double slot = holdUntil;
                if (requestInterval > 0) {
                    slot = Math.max(slot, requestTat - burstNanos);
                }
                if (tokenInterval > 0) {
                    slot = Math.max(slot, tokenTat - burstNanos);
                }
                double start = Math.max(now, slot);
                if (start > now) {
                    scheduleDrain((long) Math.ceil(start - now), now);
                    break;
                }
                queue.poll();
                long tokens = tokenInterval > 0 ? Math.max(1, Math.round(w.raw * ratio)) : 0;
                // a waiter that was queued before its slot and is granted late (timer latency) keeps
                // the schedule: restarting it from 'now' would lose the lateness on every grant
                double floor = w.enqueuedAt <= slot ? Math.max(slot, now - MAX_CATCH_UP_NANOS) : now;
                if (requestInterval > 0) {
                    requestTat = Math.max(requestTat, floor) + requestInterval;
                }
                if (tokenInterval > 0) {
                    tokenTat = Math.max(tokenTat, floor) + tokens * tokenInterval;
                }
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
        if (tokenInterval <= 0 || actualTokens <= 0) {
            return;
        }
        tokenTat += (actualTokens - r.tokens) * tokenInterval;
        if (actualTokens < r.tokens) {
            drainSoon = true;
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
            requestTat -= requestInterval;
            tokenTat -= r.tokens * tokenInterval;
        }
        drain();
    }

    /** Nothing starts before {@code nanos} (engine clock). */
    synchronized void holdUntil(long nanos) {
        holdUntil = Math.max(holdUntil, nanos);
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
     * Follows the provider's headers: an exhausted window holds every start until its reset. The
     * provider counted at admission, about when the call started, so the reset is taken from
     * {@code callStartNanos}, not from the answer's arrival (a latency later).
     */
    void observe(@Nullable RateLimitSnapshot snapshot, long callStartNanos) {
        if (!followProvider || snapshot == null) {
            return;
        }
        long now = callStartNanos;
        Long requests = snapshot.requestsRemaining();
        Duration requestsReset = snapshot.requestsReset();
        if (requestInterval > 0 && requests != null && requests <= 0 && requestsReset != null) {
            holdUntil(now + requestsReset.toNanos());
        }
        Long tokens = snapshot.tokensRemaining();
        Duration tokensReset = snapshot.tokensReset();
        if (tokenInterval > 0 && tokens != null && tokensReset != null) {
            double needed;
            synchronized (this) {
                needed = Math.max(1, averageTokens);
            }
            if (tokens < needed) {
                holdUntil(now + tokensReset.toNanos());
            }
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
