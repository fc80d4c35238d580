package io.llmbatch4j.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the fake server waits before it answers. Every draw is deterministic: it is computed
 * from two uniform numbers that the server derives from (seed, request body, attempt number).
 *
 * <ul>
 *   <li>{@link #none()}: answer at once (the default).
 *   <li>{@link #fixed(Duration)}: always the same delay.
 *   <li>{@link #uniform(Duration, Duration)}: uniform between min and max.
 *   <li>{@link #longTail(Duration, Duration)}: log-normal with the given median and 99th percentile,
 *       capped at 10 × p99 — a few calls are much slower than the rest, as with real providers.
 * </ul>
 */
public final class LatencyProfile {

    private static final double Z99 = 2.3263478740408408;
    private static final LatencyProfile NONE = new LatencyProfile(Kind.NONE, Duration.ZERO, Duration.ZERO);

    private enum Kind { NONE, FIXED, UNIFORM, LONG_TAIL }

    private final Kind kind;
    private final Duration a;
    private final Duration b;

    private LatencyProfile(Kind kind, Duration a, Duration b) {
        this.kind = kind;
        this.a = a;
        this.b = b;
    }

    /** {@return no delay: answer at once (the default)} */
    public static LatencyProfile none() {
        return NONE;
    }

    /**
     * @param delay the delay of every answer
     * @return the profile
     * @throws IllegalArgumentException when {@code delay} is null or negative
     */
    public static LatencyProfile fixed(Duration delay) {
        requireNonNegative("latency.fixed.delay", delay);
        return delay.isZero() ? NONE : new LatencyProfile(Kind.FIXED, delay, delay);
    }

    /**
     * @param min the shortest delay
     * @param max the longest delay
     * @return the profile
     * @throws IllegalArgumentException when a bound is null, negative, or {@code max < min}
     */
    public static LatencyProfile uniform(Duration min, Duration max) {
        requireNonNegative("latency.uniform.min", min);
        requireNonNegative("latency.uniform.max", max);
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("latency.uniform.max must be >= min (was " + max + " < " + min + ")");
        }
        return new LatencyProfile(Kind.UNIFORM, min, max);
    }

    /**
     * @param median half the answers come sooner
     * @param p99 99% of the answers come sooner
     * @return the profile
     * @throws IllegalArgumentException when median is not positive or {@code p99 < median}
     */
    public static LatencyProfile longTail(Duration median, Duration p99) {
        requireNonNegative("latency.longTail.median", median);
        requireNonNegative("latency.longTail.p99", p99);
        if (median.isZero()) {
            throw new IllegalArgumentException("latency.longTail.median must be > 0 (was " + median + ")");
        }
        if (p99.compareTo(median) < 0) {
            throw new IllegalArgumentException("latency.longTail.p99 must be >= median (was " + p99 + " < " + median + ")");
        }
        return new LatencyProfile(Kind.LONG_TAIL, median, p99);
    }

    /**
     * The delay for one request, given two independent uniform numbers in [0, 1).
     *
     * @param u1 the first uniform number
     * @param u2 the second uniform number
     * @return the delay
     */
    public Duration delay(double u1, double u2) {
        switch (kind) {
            case NONE:
                return Duration.ZERO;
            case FIXED:
                return a;
            case UNIFORM:
                long span = b.toNanos() - a.toNanos();
                return a.plusNanos((long) (span * u1));
            default:
                double sigma = Math.log((double) b.toNanos() / a.toNanos()) / Z99;
                double g = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
                double nanos = Math.min(a.toNanos() * Math.exp(sigma * g), 10.0 * b.toNanos());
                return Duration.ofNanos((long) nanos);
        }
    }

    /** {@return whether no delay is ever added} */
    public boolean isNone() {
        return kind == Kind.NONE;
    }

    private static void requireNonNegative(String field, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(field + " must be a non-negative duration (was " + d + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyProfile l && l.kind == kind && l.a.equals(a) && l.b.equals(b);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, a, b);
    }

    @Override
    public String toString() {
        switch (kind) {
            case NONE:
                return "LatencyProfile.none()";
            case FIXED:
                return "LatencyProfile.fixed(" + a + ")";
            case UNIFORM:
                return "LatencyProfile.uniform(" + a + ", " + b + ")";
            default:
                return "LatencyProfile.longTail(median=" + a + ", p99=" + b + ")";
        }
    }
}
