package io.llmbatch4j.core;

/**
 * Additive-increase / multiplicative-decrease of the worker limit (AIMD), set with
 * {@link ProcessorConfig.Builder#adaptiveConcurrency(AdaptiveConcurrency)}. Immutable; build
 * with {@link #builder()}.
 *
 * <ul>
 *   <li><b>Decrease</b>: each rate limit that starts a coordinated cooldown multiplies the worker
 *       limit by {@code decreaseFactor} (default one half), rounding down, never below
 *       {@code minWorkers}. Rate limits from calls that started before that cooldown are old news
 *       and do not shrink it again, so one burst of 429s halves the limit once.
 *   <li><b>Increase</b>: every {@code successesBeforeIncrease} successful calls (counted across
 *       items, since the last change) add one worker, never above {@code maxWorkers}.
 *   <li>Every change is a {@link ProcessingEvent.WorkersChanged} with reason {@link #REASON_DECREASE}
 *       or {@link #REASON_INCREASE}. A manual {@link ParallelBatchProcessor#setMaxWorkers(int)} still
 *       works; the AIMD goes on from the value it set.
 * </ul>
 *
 * The run starts at {@link ProcessorConfig#maxWorkers()}, which must lie between the bounds;
 * {@code maxWorkers} here must not exceed {@link ProcessorConfig#workerCeiling()}.
 */
public final class AdaptiveConcurrency {

    /** The lower bound unless set: 1 worker. */
    public static final int DEFAULT_MIN_WORKERS = 1;
    /** Successful calls per added worker unless set: 10. */
    public static final int DEFAULT_SUCCESSES_BEFORE_INCREASE = 10;
    /** The factor a rate limit multiplies the limit by unless set: one half. */
    public static final double DEFAULT_DECREASE_FACTOR = 0.5;
    /** {@link ProcessingEvent.WorkersChanged#reason()} of a decrease. */
    public static final String REASON_DECREASE = "aimd-decrease";
    /** {@link ProcessingEvent.WorkersChanged#reason()} of an increase. */
    public static final String REASON_INCREASE = "aimd-increase";

    private final int minWorkers;
    private final int maxWorkers;
    private final int successesBeforeIncrease;
    private final double decreaseFactor;

    private AdaptiveConcurrency(Builder b) {
        this.minWorkers = b.minWorkers;
        this.maxWorkers = b.maxWorkers;
        this.successesBeforeIncrease = b.successesBeforeIncrease;
        this.decreaseFactor = b.decreaseFactor;
    }

    /** {@return a builder with the defaults; {@link Builder#maxWorkers(int)} is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the fewest workers a decrease leaves} */
    public int minWorkers() {
        return minWorkers;
    }

    /** {@return the most workers an increase reaches} */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** {@return how many successful calls add one worker} */
    public int successesBeforeIncrease() {
        return successesBeforeIncrease;
    }

    /** {@return the factor a rate limit multiplies the worker limit by} */
    public double decreaseFactor() {
        return decreaseFactor;
    }

    /**
     * The limit after a decrease from {@code current}.
     *
     * @param current the limit now
     * @return {@code current * decreaseFactor}, rounded down, at least {@code minWorkers}
     */
    public int decreased(int current) {
        return Math.max(minWorkers, (int) Math.floor(current * decreaseFactor));
    }

    @Override
    public String toString() {
        return "AdaptiveConcurrency[minWorkers=" + minWorkers + ", maxWorkers=" + maxWorkers
                + ", successesBeforeIncrease=" + successesBeforeIncrease + ", decreaseFactor=" + decreaseFactor + "]";
    }

    /** Builds an {@link AdaptiveConcurrency}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private int minWorkers = DEFAULT_MIN_WORKERS;
        private int maxWorkers;
        private int successesBeforeIncrease = DEFAULT_SUCCESSES_BEFORE_INCREASE;
        private double decreaseFactor = DEFAULT_DECREASE_FACTOR;

        private Builder() {}

        /**
         * The fewest workers a decrease leaves (default 1).
         *
         * @param minWorkers at least 1
         * @return this builder
         */
        public Builder minWorkers(int minWorkers) {
            this.minWorkers = minWorkers;
            return this;
        }

        /**
         * Required: the most workers the AIMD may reach.
         *
         * @param maxWorkers at least {@code minWorkers}, at most the processor's {@code workerCeiling}
         * @return this builder
         */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return this;
        }

        /**
         * How many successful calls add one worker (default 10).
         *
         * @param successesBeforeIncrease at least 1
         * @return this builder
         */
        public Builder successesBeforeIncrease(int successesBeforeIncrease) {
            this.successesBeforeIncrease = successesBeforeIncrease;
            return this;
        }

        /**
         * The factor a rate limit multiplies the worker limit by (default 0.5).
         *
         * @param decreaseFactor above 0 and below 1
         * @return this builder
         */
        public Builder decreaseFactor(double decreaseFactor) {
            this.decreaseFactor = decreaseFactor;
            return this;
        }

        /**
         * @return the AIMD settings
         * @throws InvalidConfigException naming every bad field
         */
        public AdaptiveConcurrency build() {
            new ConfigChecks("AdaptiveConcurrency")
                    .atLeast("minWorkers", minWorkers, 1)
                    .atLeast("maxWorkers", maxWorkers, 1)
                    .check(maxWorkers < 1 || minWorkers <= maxWorkers, "minWorkers", "must be <= maxWorkers",
                            minWorkers + " > " + maxWorkers)
                    .atLeast("successesBeforeIncrease", successesBeforeIncrease, 1)
                    .above("decreaseFactor", decreaseFactor, 0.0)
                    .below("decreaseFactor", decreaseFactor, 1.0)
                    .throwIfAny();
            return new AdaptiveConcurrency(this);
        }
    }
}
