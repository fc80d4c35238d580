package io.llmbatch4j.redis.internal;

/**
 * A block of requests and tokens leased from Redis: a slot of the shared schedule, usable from
 * {@code start} to {@code end}. The blocks of the JVMs sharing a quota follow each other in time,
 * so a block is spent only within its own slot: what it still holds when its pace would cross
 * {@code end} is forfeited, never carried into the slot leased to the next JVM (timers firing
 * late on a busy machine would otherwise spend two JVMs' blocks at once). Within the block,
 * reservations are paced at the quota's rate (a GCRA per dimension starting at {@code start},
 * making up at most {@value #CATCH_UP_MILLIS} ms of lateness), so a block never goes out as one
 * burst: a provider enforcing its quota over short windows sees the same even pace as with a
 * local budget.
 */
final class Lease {

    private static final int CATCH_UP_MILLIS = 5;
    private static final long CATCH_UP_NANOS = CATCH_UP_MILLIS * 1_000_000L;

    final long start;
    final long end;
    long requests;
    long tokens;
    private final double requestInterval;
    private final double tokenInterval;
    private double requestTat;
    private double tokenTat;

    Lease(long start, long end, long requests, long tokens, double requestInterval, double tokenInterval) {
        this.start = start;
        this.end = end;
        this.requests = requests;
        this.tokens = tokens;
        this.requestInterval = requestInterval;
        this.tokenInterval = tokenInterval;
        this.requestTat = start;
        this.tokenTat = start;
    }

    /**
     * {@return whether the block holds {@code r} requests and {@code t} tokens and its pace, from
     * {@code now} on, still fits them in its slot} (the last call may overdraw the tokens a little:
     * estimates vary from call to call; the overdraft is owed to Redis)
     */
    boolean covers(long r, long t, long now) {
        double from = Math.max(Math.max(start, now - CATCH_UP_NANOS), Math.max(requestTat, tokenTat));
        double cost = Math.max(r * requestInterval, t * tokenInterval);
        return requests >= r && (tokenInterval == 0 || tokens > 0) && from + cost <= end + CATCH_UP_NANOS;
    }

    /** {@return nanos until the block's pace allows the next reservation, 0 when it does now} */
    long waitNanos(long now) {
        double at = Math.max(start, Math.max(requestTat, tokenTat));
        return at > now ? Math.max(1, (long) Math.ceil(at - now)) : 0;
    }

    void take(long r, long t, long now) {
        requests -= r;
        tokens -= t;
        double floor = now - CATCH_UP_NANOS;
        requestTat = Math.max(requestTat, floor) + r * requestInterval;
        tokenTat = Math.max(tokenTat, floor) + t * tokenInterval;
    }
}
