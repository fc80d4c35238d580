package io.llmbatch4j.core;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which errors are retried, how often and after what wait. Immutable; build with
 * {@link #builder()}, which refuses bad values naming every bad field.
 *
 * <p>The wait before attempt {@code n+1} is {@code min(maxBackoff, initialBackoff * multiplier^(n-1))},
 * reduced by a random share of up to {@code jitter} of itself. Kinds in {@code noBackoffOn}
 * ({@link ErrorKind#VALIDATION} by default: the model answered, waiting does not help) retry at once.
 * Rate-limit retries wait for the coordinated cooldown instead, keep the attempt number and are
 * bounded by {@code maxRateLimitRetries} separately.
 *
 * <p>An item that fails because a budget ran out says which and how much of it it used, before
 * the last error: "attempts exhausted (3 of 3); last: 503 ..." or "rate-limit retries exhausted
 * (10 of 10); last: 429 ...". The error keeps the last attempt's kind, type and retry-after.
 */
public final class RetryConfig {

    /** Attempts per item unless set: 3. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The first backoff unless set: 1 s. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** The longest backoff unless set: 30 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** The factor each failed attempt multiplies the backoff by, unless set: 2. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** The largest share of a backoff removed at random, unless set: one half. */
    public static final double DEFAULT_JITTER = 0.5;
    /** Rate-limit retries per item unless set: 10. */
    public static final int DEFAULT_MAX_RATE_LIMIT_RETRIES = 10;
    /** The kinds retried unless set: transient, timeout, rate limit and validation failures. */
    public static final Set<ErrorKind> DEFAULT_RETRY_ON = Set.copyOf(EnumSet.of(
            ErrorKind.TRANSIENT, ErrorKind.TIMEOUT, ErrorKind.RATE_LIMIT, ErrorKind.VALIDATION));
    /** The retried kinds that retry at once unless set: validation failures. */
    public static final Set<ErrorKind> DEFAULT_NO_BACKOFF_ON = Set.of(ErrorKind.VALIDATION);

    private static final RetryConfig DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final Set<ErrorKind> retryOn;
    private final Set<ErrorKind> noBackoffOn;
    private final int maxRateLimitRetries;

    private RetryConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.retryOn = Set.copyOf(b.retryOn);
        this.noBackoffOn = Set.copyOf(b.noBackoffOn);
        this.maxRateLimitRetries = b.maxRateLimitRetries;
    }

    /** {@return the defaults: 3 attempts, 1 s doubling to at most 30 s, jitter 0.5, 10 rate-limit retries} */
    public static RetryConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .multiplier(multiplier).jitter(jitter).retryOn(retryOn).noBackoffOn(noBackoffOn)
                .maxRateLimitRetries(maxRateLimitRetries);
    }

    /** {@return the attempts per item, the first included; rate-limit retries do not count} */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@return the backoff before the second attempt} */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** {@return the longest backoff} */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** {@return the factor each further failed attempt multiplies the backoff by} */
    public double multiplier() {
        return multiplier;
    }

    /** {@return the largest share (0..1) of a backoff removed at random, so retries don't move in lockstep} */
    public double jitter() {
        return jitter;
    }

    /** {@return the kinds that are retried} */
    public Set<ErrorKind> retryOn() {
        return retryOn;
    }

    /** {@return the retried kinds that retry at once, without backoff} */
    public Set<ErrorKind> noBackoffOn() {
        return noBackoffOn;
    }

    /** {@return how often one item may be retried after a rate limit before it fails as {@code RATE_LIMIT}} */
    public int maxRateLimitRetries() {
        return maxRateLimitRetries;
    }

    /**
     * The backoff before attempt {@code failedAttempt + 1}, before jitter.
     *
     * @param failedAttempt the number of the attempt that failed, from 1
     * @return the backoff
     */
    public Duration backoffBeforeJitter(int failedAttempt) {
        double factor = Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        double nanos = initialBackoff.toNanos() * factor;
        long capped = (long) Math.min(nanos, (double) maxBackoff.toNanos());
        return Duration.ofNanos(capped);
    }

    @Override
    public String toString() {
        return "RetryConfig[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", multiplier=" + multiplier + ", jitter=" + jitter + ", retryOn=" + retryOn
                + ", noBackoffOn=" + noBackoffOn + ", maxRateLimitRetries=" + maxRateLimitRetries + "]";
    }

    /** Builds a {@link RetryConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double multiplier = DEFAULT_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private Set<ErrorKind> retryOn = DEFAULT_RETRY_ON;
        private Set<ErrorKind> noBackoffOn = DEFAULT_NO_BACKOFF_ON;
        private int maxRateLimitRetries = DEFAULT_MAX_RATE_LIMIT_RETRIES;

        private Builder() {}

        /**
         * Attempts per item, the first included (default 3).
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The backoff before the second attempt (default 1 s).
         *
         * @param initialBackoff positive
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * The longest backoff (default 30 s).
         *
         * @param maxBackoff positive
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * The factor each further failed attempt multiplies the backoff by (default 2).
         *
         * @param multiplier at least 1
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        /**
         * The largest share of a backoff removed at random (default 0.5).
         *
         * @param jitter 0 to 1
         * @return this builder
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * The kinds that are retried (default {@link #DEFAULT_RETRY_ON}).
         *
         * @param retryOn the kinds
         * @return this builder
         */
        public Builder retryOn(Set<ErrorKind> retryOn) {
            this.retryOn = retryOn;
            return this;
        }

        /**
         * The retried kinds that retry at once (default {@link #DEFAULT_NO_BACKOFF_ON}).
         *
         * @param noBackoffOn the kinds
         * @return this builder
         */
        public Builder noBackoffOn(Set<ErrorKind> noBackoffOn) {
            this.noBackoffOn = noBackoffOn;
            return this;
        }

        /**
         * Rate-limit retries per item (default 10).
         *
         * @param maxRateLimitRetries at least 0
         * @return this builder
         */
        public Builder maxRateLimitRetries(int maxRateLimitRetries) {
            this.maxRateLimitRetries = maxRateLimitRetries;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming every bad field
         */
        public RetryConfig build() {
            new ConfigChecks("RetryConfig")
                    .atLeast("maxAttempts", maxAttempts, 1)
                    .positive("initialBackoff", initialBackoff)
                    .positive("maxBackoff", maxBackoff)
                    .check(initialBackoff == null || maxBackoff == null || maxBackoff.compareTo(initialBackoff) >= 0,
                            "maxBackoff", "must be >= initialBackoff", maxBackoff + " < " + initialBackoff)
                    .atLeast("multiplier", multiplier, 1.0)
                    .atLeast("jitter", jitter, 0.0)
                    .atMost("jitter", jitter, 1.0)
                    .notNull("retryOn", retryOn)
                    .notNull("noBackoffOn", noBackoffOn)
                    .atLeast("maxRateLimitRetries", maxRateLimitRetries, 0)
                    .throwIfAny();
            return new RetryConfig(this);
        }
    }
}
