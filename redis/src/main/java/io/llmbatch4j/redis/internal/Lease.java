package io.llmbatch4j.redis.internal;

/** A block of requests and tokens leased from Redis: usable from {@code start}, returned if unused by {@code expires}. */
final class Lease {

    final long start;
    final long expires;
    long requests;
    long tokens;

    Lease(long start, long expires, long requests, long tokens) {
        this.start = start;
        this.expires = expires;
        this.requests = requests;
        this.tokens = tokens;
    }

    boolean covers(long r, long t) {
        return requests >= r && tokens >= t;
    }

    void take(long r, long t) {
        requests -= r;
        tokens -= t;
    }

    /** Moves what is left of {@code older} into this lease (capacity used later than scheduled stays within the rate). */
    void absorb(Lease older) {
        requests += older.requests;
        tokens += older.tokens;
        older.requests = 0;
        older.tokens = 0;
    }
}
