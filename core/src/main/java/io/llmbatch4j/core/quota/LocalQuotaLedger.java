package io.llmbatch4j.core.quota;

import java.time.Duration;

/**
 * The in-memory ledger: a GCRA (generic cell rate algorithm) per dimension. A reservation is
 * allowed once every budget's theoretical arrival time, less the burst, has passed (and no hold is
 * on), and pushes each on by its cost (one request interval; tokens times the token interval).
 * A caller queued before its slot and asking late (timer latency) keeps the schedule, making up at
 * most {@value #MAX_CATCH_UP_MILLIS} ms, so lateness is not lost on every grant and never becomes a
 * burst. Thread-safe; never blocks.
 */
public final class LocalQuotaLedger implements QuotaLedger {

    private static final double MINUTE_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int MAX_CATCH_UP_MILLIS = 5;
    private static final long MAX_CATCH_UP_NANOS = Duration.ofMillis(MAX_CATCH_UP_MILLIS).toNanos();

    private final QuotaLimits configured;
    private QuotaLimits limits;
    private double requestInterval;
    private double tokenInterval;
    private final long burstNanos;
    private double requestTat;
    private double tokenTat;
    private long holdUntil;

    /**
     * A ledger with {@code limits}, idle at {@code nowNanos}.
     *
     * @param limits the budgets (dimensions at 0 may be {@link #learn learned})
     * @param nowNanos the current time
     */
    public LocalQuotaLedger(QuotaLimits limits, long nowNanos) {
        this.configured = limits;
        this.burstNanos = limits.burst().toNanos();
        this.requestTat = nowNanos;
        this.tokenTat = nowNanos;
        this.holdUntil = nowNanos;
        apply(limits);
    }

    @Override
    public synchronized long reserve(long requests, long tokens, long nowNanos, long queuedAtNanos) {
        double slot = holdUntil;
        if (requestInterval > 0) {
            slot = Math.max(slot, requestTat - burstNanos);
        }
        if (tokenInterval > 0) {
            slot = Math.max(slot, tokenTat - burstNanos);
        }
        double start = Math.max(nowNanos, slot);
        if (start > nowNanos) {
            return Math.max(1, (long) Math.ceil(start - nowNanos));
        }
        double floor = queuedAtNanos <= slot ? Math.max(slot, nowNanos - MAX_CATCH_UP_NANOS) : nowNanos;
        if (requestInterval > 0) {
            requestTat = Math.max(requestTat, floor) + requests * requestInterval;
        }
        if (tokenInterval > 0) {
            tokenTat = Math.max(tokenTat, floor) + tokens * tokenInterval;
        }
        return GO;
    }

    @Override
    public synchronized void reconcile(long requests, long tokens) {
        requestTat += requests * requestInterval;
        tokenTat += tokens * tokenInterval;
    }

    @Override
    public synchronized void hold(long untilNanos) {
        holdUntil = Math.max(holdUntil, untilNanos);
    }

    @Override
    public void exhausted(long untilNanos) {
        hold(untilNanos);
    }

    @Override
    public synchronized void learn(QuotaLimits learned) {
        apply(learned.under(configured));
    }

    @Override
    public synchronized QuotaLimits limits() {
        return limits;
    }

    @Override
    public QuotaMode mode() {
        return QuotaMode.LOCAL;
    }

    /** Nothing to release. */
    @Override
    public void close() {}

    private void apply(QuotaLimits l) {
        limits = l;
        requestInterval = l.requestsPerMinute() > 0 ? MINUTE_NANOS / l.requestsPerMinute() : 0;
        tokenInterval = l.tokensPerMinute() > 0 ? MINUTE_NANOS / l.tokensPerMinute() : 0;
    }
}
