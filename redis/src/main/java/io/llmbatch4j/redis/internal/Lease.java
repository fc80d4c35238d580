package io.llmbatch4j.redis.internal;

/**
 * A block of requests and tokens leased from Redis: usable from {@code start}, returned if unused
 * by {@code expires}. Within the block, reservations are paced at the quota's rate (a GCRA per
 * dimension starting at {@code start}, making up at most {@value #CATCH_UP_MILLIS} ms of lateness),
 * so a block never goes out as one burst: a provider enforcing its quota over short windows sees
 * the same even pace as with a local budget.
 */
final class Lease {

    private static final int CATCH_UP_MILLIS = 5;
    private static final long CATCH_UP_NANOS = CATCH_UP_MILLIS * 1_000_000L;

    final long start;
    final long expires;
    long requests;
    long tokens;
    private final double requestInterval;
    private final double tokenInterval;
    private double requestTat;
    private double tokenTat;

    Lease(long start, long expires, long requests, long tokens, double requestInterval, double tokenInterval) {
        this.start = start;
        this.expires = expires;
        this.requests = requests;
        this.tokens = tokens;
        this.requestInterval = requestInterval;
        this.tokenInterval = tokenInterval;
        this.requestTat = start;
        this.tokenTat = start;
    }

    boolean covers(long r, long t) {
        return requests >= r && tokens >= t;
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

    /** Moves what is left of {@code older} into this lease (capacity used later than scheduled stays within the rate). */
    void absorb(Lease older) {
        requests += older.requests;
        tokens += older.tokens;
        older.requests = 0;
        older.tokens = 0;
    }
}
