package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.AdaptiveTimeout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The timeout of each attempt: the configured one, or, with an {@link AdaptiveTimeout}, a cut
 * derived from the successful attempts' p99 for every attempt but an item's last. The one owner
 * of that cut: successes are recorded here, and the cut is recomputed every 64 of them (a scan of
 * the histogram's buckets), so the per-attempt read is one volatile load.
 */
final class AttemptTimeouts {

    private static final int RECOMPUTE_EVERY = 64;

    private final long fullNanos;
    private final Duration full;
    private final @Nullable AdaptiveTimeout adaptive;
    private final @Nullable LatencyHistogram successes;
    private final AtomicLong count = new AtomicLong();
    private volatile long cutNanos;
    private final LongSupplier lastAttempt = this::full;
    private final LongSupplier earlierAttempt = this::current;

    AttemptTimeouts(Duration full, @Nullable AdaptiveTimeout adaptive) {
        this.full = full;
        this.fullNanos = full.toNanos();
        this.adaptive = adaptive;
        this.successes = adaptive == null ? null : new LatencyHistogram();
        this.cutNanos = fullNanos;
    }

    /**
     * @param last the item has no attempt left after this one
     * @return the attempt's timeout in nanoseconds, read when its call is granted (shared suppliers,
     *     nothing allocated per attempt)
     */
    LongSupplier forAttempt(boolean last) {
        return last ? lastAttempt : earlierAttempt;
    }

    private long full() {
        return fullNanos;
    }

    private long current() {
        return cutNanos;
    }

    /** {@return true when an {@link AdaptiveTimeout} is set, so successes are worth recording} */
    boolean adaptive() {
        return successes != null;
    }

    /** Records a successful attempt's latency. */
    void succeeded(long nanos) {
        LatencyHistogram h = successes;
        if (h == null) {
            return;
        }
        h.record(nanos);
        long n = count.incrementAndGet();
        int min = adaptive.minSamples();
        if (n == min || (n > min && n % RECOMPUTE_EVERY == 0)) {
            cutNanos = adaptive.cut(h.summary().p99(), full).toNanos();
        }
    }

    /** {@return the cut in force for attempts that are not an item's last} */
    Duration cut() {
        return Duration.ofNanos(cutNanos);
    }
}
