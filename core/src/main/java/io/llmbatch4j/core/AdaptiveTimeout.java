package io.llmbatch4j.core;

import java.time.Duration;

/**
 * Cuts an attempt that hangs far beyond the latency the run has observed, so a stalled connection
 * does not hold a worker for the whole {@link ProcessorConfig#timeoutPerItem()}. Set with
 * {@link ProcessorConfig.Builder#adaptiveTimeout(AdaptiveTimeout)}; off unless set. Immutable;
 * build with {@link #builder()}.
 *
 * <p>Once {@code minSamples} attempts have succeeded, an attempt that is <em>not</em> its item's
 * last one gets {@code max(floor, multiplier x p99)} of the successful attempts' latencies, at most
 * {@code timeoutPerItem}. The p99 is recomputed every 64 successes from a histogram of all of them.
 * When the cut fires the attempt ends as {@link ErrorKind#TIMEOUT} and is retried like any timeout.
 * The item's last attempt always gets the full {@code timeoutPerItem}, so an answer that is slow
 * but real (a long generation) is never lost to the cut: at worst it costs the earlier attempts.
 *
 * <p>Defaults (10 x p99, at least 10 s, after 50 successes) leave room for the long tail of real
 * providers while a hung call on a service answering in about a second costs 10 s instead of 60.
 */
public final class AdaptiveTimeout {

    /** The multiplier of the observed p99 unless set: 10. */
    public static final double DEFAULT_MULTIPLIER = 10.0;
    /** The shortest cut unless set: 10 s. */
    public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(10);
    /** Successful attempts seen before the cut applies unless set: 50. */
    public static final int DEFAULT_MIN_SAMPLES = 50;

    private static final AdaptiveTimeout DEFAULTS = builder().build();

    private final double multiplier;
    private final Duration floor;
    private final int minSamples;

    private AdaptiveTimeout(Builder b) {
        this.multiplier = b.multiplier;
        this.floor = b.floor;
        this.minSamples = b.minSamples;
    }

    /** {@return the defaults: 10 x p99, at least 10 s, after 50 successful attempts} */
    public static AdaptiveTimeout defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the multiplier of the successful attempts' p99 latency} */
    public double multiplier() {
        return multiplier;
    }

    /** {@return the shortest cut, whatever the p99} */
    public Duration floor() {
        return floor;
    }

    /** {@return how many attempts must have succeeded before the cut applies} */
    public int minSamples() {
        return minSamples;
    }

    /**
     * The cut for a p99 of {@code p99}, bounded by {@code ceiling}.
     *
     * @param p99 the successful attempts' p99 latency
     * @param ceiling the configured attempt timeout
     * @return {@code min(ceiling, max(floor, multiplier x p99))}
     */
    public Duration cut(Duration p99, Duration ceiling) {
        double nanos = Math.max(floor.toNanos(), multiplier * p99.toNanos());
        return nanos >= ceiling.toNanos() ? ceiling : Duration.ofNanos((long) nanos);
    }

    @Override
    public String toString() {
        return "AdaptiveTimeout[multiplier=" + multiplier + ", floor=" + floor + ", minSamples=" + minSamples + "]";
    }

    /** Builds an {@link AdaptiveTimeout}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration floor = DEFAULT_FLOOR;
        private int minSamples = DEFAULT_MIN_SAMPLES;

        private Builder() {}

        /**
         * The multiplier of the successful attempts' p99 latency (default 10).
         *
         * @param multiplier at least 1
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * The shortest cut, whatever the p99 (default 10 s).
         *
         * @param floor a positive duration
         * @return this builder
         */
        public Builder floor(Duration floor) {
            this.floor = floor;
            return this;
        }

        /**
         * How many attempts must have succeeded before the cut applies (default 50).
         *
         * @param minSamples at least 1
         * @return this builder
         */
        public Builder minSamples(int minSamples) {
            this.minSamples = minSamples;
            return this;
        }

        /**
         * @return the settings
         * @throws InvalidConfigException naming every bad field
         */
        public AdaptiveTimeout build() {
            new ConfigChecks("AdaptiveTimeout")
                    .atLeast("multiplier", multiplier, 1.0)
                    .positive("floor", floor)
                    .atLeast("minSamples", minSamples, 1)
                    .throwIfAny();
            return new AdaptiveTimeout(this);
        }
    }
}
