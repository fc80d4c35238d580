package io.llmbatch4j.redis.internal;

import io.llmbatch4j.core.quota.LocalQuotaLedger;
import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * One processor's ledger on a Redis-shared quota. Reservations are served from a leased block
 * ({@link Lease}, paced within at the quota's rate) without calling Redis; when the block runs low one {@code lease.lua} round trip
 * books the next, carrying the corrections, exhausted windows and learned limits gathered since, so
 * Redis sees about one call per block, not per request. A block may start in the future ("go at
 * T"); a block unused by its expiry is returned with the next call.
 *
 * <p>A failed or slow call (beyond the command timeout) switches to {@link QuotaMode#FALLBACK}: a
 * {@link LocalQuotaLedger} with the quota divided by the expected replicas, a warning, a counter;
 * every retry interval the next reservation tries Redis again and a success resumes sharing.
 * Never blocks: Redis answers arrive on Lettuce's threads and wake the processor through
 * {@link QuotaSignals#capacity()}, called outside this ledger's lock.
 */
final class RedisQuotaLedger implements QuotaLedger {

    private static final Logger LOG = LoggerFactory.getLogger(RedisQuotaLedger.class);
    private static final double MINUTE_MILLIS = 60_000.0;

    final String id;
    private final SharedQuota shared;
    private final QuotaSignals signals;
    private final QuotaLimits configured;
    private final long leaseNanos;
    private final long retryNanos;
    /** The processor's clock minus {@link System#nanoTime()}: maps the arrival of a reply onto that clock. */
    private final long clockOffset;

    private QuotaLimits limits;
    /** Corrections to send with the next call: {requests, tokens}, positive = spent beyond, negative = handed back. */
    private final long[] owed = new long[2];
    private final Leases leases = new Leases(owed);
    private boolean inflight;
    private long retryAt;
    private long holdUntil;
    private long lastNow;
    private long exhaustedUntil;
    private QuotaLimits learned = QuotaLimits.NONE;
    private QuotaMode mode = QuotaMode.SHARED;
    private @Nullable LocalQuotaLedger fallback;
    private boolean closed;

    RedisQuotaLedger(SharedQuota shared, String id, QuotaLimits configured, QuotaSignals signals, long nowNanos) {
        this.shared = shared;
        this.id = id;
        this.signals = signals;
        this.configured = configured;
        this.limits = configured;
        this.leaseNanos = shared.settings().leaseTime().toNanos();
        this.retryNanos = shared.settings().retryInterval().toNanos();
        this.lastNow = nowNanos;
        this.clockOffset = nowNanos - System.nanoTime();
        this.holdUntil = nowNanos;
    }

    @Override
    public synchronized long reserve(long requests, long tokens, long nowNanos, long queuedAtNanos) {
        lastNow = nowNanos;
        if (nowNanos < holdUntil) {
            return holdUntil - nowNanos;
        }
        if (mode == QuotaMode.FALLBACK && fallback != null) {
            if (!inflight && nowNanos >= retryAt) {
                book(nowNanos, requests, tokens);
            }
            return fallback.reserve(requests, tokens, nowNanos, queuedAtNanos);
        }
        if (!limits.any()) {
            if (!inflight && nowNanos >= retryAt) {
                retryAt = nowNanos + retryNanos; // learn what other JVMs learned, once per interval
                book(nowNanos, 0, 0);
            }
            return GO;
        }
        Lease c = leases.usable(nowNanos, requests, tokens);
        if (c != null && c.start > nowNanos) {
            return c.start - nowNanos;
        }
        if (c != null) { // usable() returns a current block only while it covers the request in its slot
            long paced = c.waitNanos(nowNanos);
            if (paced > 0) {
                return paced;
            }
            c.take(requests, tokens, nowNanos);
            shared.counters.reservations.incrementAndGet();
            long half = blockRequests(tokens) / 2 + 1;
            if (leases.next() == null && !inflight && (c.requests < half || c.tokens < half * tokens
                    || nowNanos >= c.start + (c.end - c.start) / 2)) {
                book(nowNanos, requests, tokens);
            }
            return GO;
        }
        Lease n = leases.next();
        if (n != null) {
            return Math.max(1, n.start - nowNanos);
        }
        if (inflight) {
            return WAIT_FOR_SIGNAL;
        }
        if (nowNanos < retryAt) {
            return retryAt - nowNanos;
        }
        book(nowNanos, requests, tokens);
        return WAIT_FOR_SIGNAL;
    }

    private long blockRequests(long tokensPerRequest) {
        double ms = shared.settings().blockTime().toMillis();
        if (limits.requestsPerMinute() > 0) {
            return Math.max(1, Math.round(limits.requestsPerMinute() * ms / MINUTE_MILLIS));
        }
        return Math.max(1, Math.round(limits.tokensPerMinute() * ms / MINUTE_MILLIS / Math.max(1, tokensPerRequest)));
    }

    /** Books the next block: one round trip carrying every correction gathered since the last. */
    private void book(long now, long requests, long tokens) {
        long wantRequests = requests > 0 ? Math.max(requests, blockRequests(tokens)) : 0;
        long wantTokens = limits.tokensPerMinute() > 0 && requests > 0 ? Math.max(tokens, wantRequests * tokens) : 0;
        long adjR = owed[0];
        long adjT = owed[1];
        long holdMs = exhaustedUntil > now ? Math.max(1, (exhaustedUntil - now) / 1_000_000) : 0;
        QuotaLimits teach = learned;
        owed[0] = 0;
        owed[1] = 0;
        exhaustedUntil = 0;
        inflight = true;
        long issuedAt = now;
        shared.lease(Long.toString(configured.requestsPerMinute()), Long.toString(configured.tokensPerMinute()),
                Long.toString(wantRequests), Long.toString(wantTokens), Long.toString(adjR), Long.toString(adjT),
                Long.toString(holdMs), Long.toString(teach.requestsPerMinute()), Long.toString(teach.tokensPerMinute()),
                Long.toString(shared.settings().maxAhead().toMillis()), Long.toString(shared.ttlMillis()))
                // never answered on the caller's thread (it holds the processor's lock) nor on Lettuce's event loop
                .subscribeOn(Schedulers.parallel()).publishOn(Schedulers.parallel())
                .subscribe(reply -> booked(reply, issuedAt),
                        e -> failed(e, issuedAt, adjR, adjT));
    }

    private void booked(List<Object> reply, long issuedAt) {
        boolean resumed;
        synchronized (this) {
            inflight = false;
            resumed = mode == QuotaMode.FALLBACK;
            if (resumed) {
                mode = QuotaMode.SHARED;
                fallback = null;
                LOG.warn("Redis is reachable again: quota {} shared again", shared.settings().key().id());
            }
            long granted = number(reply, 0);
            long grantedTokens = number(reply, 1);
            long startIn = number(reply, 2) * 1_000;
            QuotaLimits effective = new QuotaLimits(number(reply, 3), number(reply, 4), configured.burst());
            limits = effective.under(configured);
            // "go at T" counts from the reply's arrival, never from the send: a reply delayed on a busy
            // machine then starts its block late (a little under-use), never early (overlapping the
            // block before it, granted to another JVM)
            long start = Math.max(issuedAt, System.nanoTime() + clockOffset) + startIn;
            if (granted > 0 || grantedTokens > 0) {
                double ir = interval(limits.requestsPerMinute());
                double it = interval(limits.tokensPerMinute());
                // the slot ends when Redis's schedule hands the time on, counted from the send: Redis
                // answered between send and arrival, so [arrival + T, send + T + length] is inside the
                // slot; a reply so late that this leaves under half the slot keeps half (bounded overlap
                // rather than forfeiting every block while replies are slow)
                long slot = (long) Math.max(granted * ir, grantedTokens * it);
                long end = Math.max(issuedAt + startIn + slot, start + slot / 2);
                Lease lease = new Lease(start, Math.min(end, start + leaseNanos), granted, grantedTokens, ir, it);
                if (closed) {
                    owed[0] -= granted;
                    owed[1] -= grantedTokens;
                } else {
                    leases.add(lease);
                }
            } else if (limits.any()) {
                retryAt = start - shared.settings().maxAhead().toNanos();
            }
        }
        if (resumed) {
            shared.modeChanged(QuotaMode.SHARED);
            signals.modeChanged(QuotaMode.SHARED);
        }
        signals.capacity();
    }

    private void failed(Throwable e, long issuedAt, long adjR, long adjT) {
        boolean fellBack = false;
        shared.counters.failedCalls.incrementAndGet();
        synchronized (this) {
            inflight = false;
            if (closed) {
                return;
            }
            owed[0] += adjR;
            owed[1] += adjT;
            retryAt = issuedAt + retryNanos;
            if (mode != QuotaMode.FALLBACK) {
                mode = QuotaMode.FALLBACK;
                QuotaLimits share = limits.divide(shared.settings().expectedReplicas());
                fallback = new LocalQuotaLedger(share, lastNow);
                leases.drop();
                fellBack = true;
                shared.counters.fallbacks.incrementAndGet();
                LOG.warn("Redis unreachable ({}): quota {} falls back to a local share {} (1/{} of {}) until it is back",
                        e.toString(), shared.settings().key().id(), share, shared.settings().expectedReplicas(), limits);
            }
        }
        if (fellBack) {
            shared.modeChanged(QuotaMode.FALLBACK);
            signals.modeChanged(QuotaMode.FALLBACK);
        }
        signals.capacity();
    }

    /** Nanos per unit at {@code perMinute}, 0 for no limit. */
    private static double interval(long perMinute) {
        return perMinute > 0 ? MINUTE_MILLIS * 1_000_000 / perMinute : 0;
    }

    private static long number(List<Object> reply, int i) {
        return reply.size() > i && reply.get(i) instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public synchronized void reconcile(long requests, long tokens) {
        LocalQuotaLedger f = fallback;
        if (f != null) {
            f.reconcile(requests, tokens);
        } else {
            owed[0] += requests;
            owed[1] += tokens;
        }
    }

    /**
     * Holds until {@code untilNanos}. The blocks held stay: each is a slot of the shared schedule,
     * usable after the hold only for what is left of its slot. They are not handed back: that would
     * move Redis's schedule back under the blocks other JVMs already hold for after the hold, and the
     * capacity handed back would be granted again on top of them (twice the rate after every
     * exhausted window, exhausting the next one: the 429s with 4 JVMs).
     */
    @Override
    public synchronized void hold(long untilNanos) {
        holdUntil = Math.max(holdUntil, untilNanos);
    }

    @Override
    public synchronized void exhausted(long untilNanos) {
        hold(untilNanos);
        exhaustedUntil = Math.max(exhaustedUntil, untilNanos);
    }

    @Override
    public void cooldownStarted(Duration length) {
        shared.announceCooldown(id, length);
    }

    void remoteCooldown(Duration remaining) {
        signals.cooldown(remaining);
    }

    @Override
    public synchronized void learn(QuotaLimits fromHeaders) {
        QuotaLimits merged = fromHeaders.under(configured);
        if (!merged.equals(limits)) {
            limits = merged;
            learned = fromHeaders;
            LocalQuotaLedger f = fallback;
            if (f != null) {
                f.learn(fromHeaders.divide(shared.settings().expectedReplicas()));
            }
        }
    }

    @Override
    public synchronized QuotaLimits limits() {
        return limits;
    }

    @Override
    public synchronized QuotaMode mode() {
        return mode;
    }

    /** Returns the unused leases in one last call (not awaited) and leaves the store. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            leases.release();
            if (mode == QuotaMode.SHARED && (owed[0] != 0 || owed[1] != 0)) {
                book(lastNow, 0, 0);
            }
        }
        shared.closed(this);
    }
}
