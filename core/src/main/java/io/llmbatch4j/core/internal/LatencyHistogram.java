package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.LatencySummary;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A concurrent log-linear histogram of microseconds: values below 32 µs exact, above that 32
 * sub-buckets per power of two (at most ~3% relative error). Recording is two atomic increments;
 * nothing is sorted and no sample is kept.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = SUB + (64 - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong max = new AtomicLong();

    public void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        counts.incrementAndGet(index(micros));
        long m;
        while (micros > (m = max.get()) && !max.compareAndSet(m, micros)) {
            // a new maximum: rare, so the common path is one plain read
        }
    }

    static int index(long micros) {
        if (micros < SUB) {
            return (int) micros;
        }
        int exp = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exp - SUB_BITS)) & (SUB - 1);
        return SUB + (exp - SUB_BITS) * SUB + sub;
    }

    /** The middle of bucket {@code index}, in µs. */
    static long valueOf(int index) {
        if (index < SUB) {
            return index;
        }
        int exp = (index - SUB) / SUB + SUB_BITS;
        long sub = (index - SUB) % SUB;
        long lower = (1L << exp) + (sub << (exp - SUB_BITS));
        long width = 1L << (exp - SUB_BITS);
        return lower + width / 2;
    }

    public LatencySummary summary() {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return LatencySummary.EMPTY;
        }
        long maxMicros = max.get();
        return new LatencySummary(total, at(snapshot, total, 0.50, maxMicros), at(snapshot, total, 0.95, maxMicros),
                at(snapshot, total, 0.99, maxMicros), Duration.ofNanos(maxMicros * 1000));
    }

    private static Duration at(long[] snapshot, long total, double quantile, long maxMicros) {
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(valueOf(i), maxMicros) * 1000);
            }
        }
        return Duration.ofNanos(maxMicros * 1000);
    }
}
