package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.ConfigChecks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link BatchJobRunner} polls, where it keeps results, and which failures it hands to the
 * realtime fallback. Immutable; {@link #builder()} refuses bad values naming every bad field.
 */
public final class BatchRunConfig {

    /** The wait before the second poll unless set: 10 s. */
    public static final Duration DEFAULT_POLL_INITIAL_DELAY = Duration.ofSeconds(10);
    /** The longest wait between polls unless set: 5 minutes. */
    public static final Duration DEFAULT_POLL_MAX_DELAY = Duration.ofMinutes(5);
    /** The factor each poll multiplies the wait by unless set: 2. */
    public static final double DEFAULT_POLL_MULTIPLIER = 2.0;
    /** The spread of each wait unless set: ±20 %. */
    public static final double DEFAULT_POLL_JITTER = 0.2;
    /** Longer than every provider's window (Gemini: 48 h) so the provider, not the runner, ends a batch. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofHours(50);
    /** Transient poll failures in a row tolerated unless set: 10. */
    public static final int DEFAULT_MAX_POLL_ERRORS = 10;
    /** Expired, timed-out and transiently failed items are worth one more try in realtime. */
    public static final Set<ErrorKind> DEFAULT_FALLBACK_KINDS =
            Set.copyOf(EnumSet.of(ErrorKind.TRANSIENT, ErrorKind.RATE_LIMIT, ErrorKind.TIMEOUT));

    private final Duration pollInitialDelay;
    private final Duration pollMaxDelay;
    private final double pollMultiplier;
    private final double pollJitter;
    private final Duration pollTimeout;
    private final int maxPollErrors;
    private final @Nullable Path outputDirectory;
    private final Set<ErrorKind> fallbackKinds;
    private final Clock clock;

    private BatchRunConfig(Builder b) {
        this.pollInitialDelay = b.pollInitialDelay;
        this.pollMaxDelay = b.pollMaxDelay;
        this.pollMultiplier = b.pollMultiplier;
        this.pollJitter = b.pollJitter;
        this.pollTimeout = b.pollTimeout;
        this.maxPollErrors = b.maxPollErrors;
        this.outputDirectory = b.outputDirectory;
        this.fallbackKinds = Set.copyOf(b.fallbackKinds);
        this.clock = b.clock;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the defaults} */
    public static BatchRunConfig defaults() {
        return builder().build();
    }

    /**
     * {@return the wait before the second poll of a batch (the first is immediate); it grows by {@link
     * #pollMultiplier()}}
     */
    public Duration pollInitialDelay() {
        return pollInitialDelay;
    }

    /** {@return the longest wait between two polls} */
    public Duration pollMaxDelay() {
        return pollMaxDelay;
    }

    /** {@return the factor each poll multiplies the wait by} */
    public double pollMultiplier() {
        return pollMultiplier;
    }

    /** {@return the spread of each wait, ± this share (0.2 = ±20 %)} */
    public double pollJitter() {
        return pollJitter;
    }

    /**
     * {@return how long one batch is polled before its items are reported as still running (its id stays
     * journaled)}
     */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /**
     * {@return the transient poll failures in a row tolerated before the batch's items fail (the batch id stays
     * journaled)}
     */
    public int maxPollErrors() {
        return maxPollErrors;
    }

    /**
     * Where the raw results JSONL of every batch ({@code <provider>-<batch id>.results.jsonl}) and
     * one output per item ({@code items/<item id>.txt}) are kept; null = keep nothing on disk.
     *
     * @return the directory, or {@code null}
     */
    public @Nullable Path outputDirectory() {
        return outputDirectory;
    }

    /** {@return the kinds of failed items that go through the realtime fallback processor, when one is set} */
    public Set<ErrorKind> fallbackKinds() {
        return fallbackKinds;
    }

    /** {@return the clock that measures item durations (submission to result)} */
    public Clock clock() {
        return clock;
    }

    /** Builds a {@link BatchRunConfig}. */
    public static final class Builder {
        private Duration pollInitialDelay = DEFAULT_POLL_INITIAL_DELAY;
        private Duration pollMaxDelay = DEFAULT_POLL_MAX_DELAY;
        private double pollMultiplier = DEFAULT_POLL_MULTIPLIER;
        private double pollJitter = DEFAULT_POLL_JITTER;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private int maxPollErrors = DEFAULT_MAX_POLL_ERRORS;
        private @Nullable Path outputDirectory;
        private Set<ErrorKind> fallbackKinds = DEFAULT_FALLBACK_KINDS;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The wait before the second poll (default 10 s).
         *
         * @param d positive
         * @return this builder
         */
        public Builder pollInitialDelay(Duration d) {
            this.pollInitialDelay = d;
            return this;
        }

        /**
         * The longest wait between polls (default 5 minutes).
         *
         * @param d at least the initial delay
         * @return this builder
         */
        public Builder pollMaxDelay(Duration d) {
            this.pollMaxDelay = d;
            return this;
        }

        /**
         * The factor each poll multiplies the wait by (default 2).
         *
         * @param m at least 1
         * @return this builder
         */
        public Builder pollMultiplier(double m) {
            this.pollMultiplier = m;
            return this;
        }

        /**
         * The spread of each wait (default 0.2).
         *
         * @param j 0 to 1
         * @return this builder
         */
        public Builder pollJitter(double j) {
            this.pollJitter = j;
            return this;
        }

        /**
         * How long one batch is polled (default 50 hours).
         *
         * @param d positive
         * @return this builder
         */
        public Builder pollTimeout(Duration d) {
            this.pollTimeout = d;
            return this;
        }

        /**
         * Transient poll failures in a row tolerated (default 10).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxPollErrors(int n) {
            this.maxPollErrors = n;
            return this;
        }

        /**
         * Where raw results and per-item outputs are kept (default nowhere).
         *
         * @param dir the directory, or {@code null}
         * @return this builder
         */
        public Builder outputDirectory(@Nullable Path dir) {
            this.outputDirectory = dir;
            return this;
        }

        /**
         * The kinds of failed items that go through the realtime fallback (default {@link
         * #DEFAULT_FALLBACK_KINDS}).
         *
         * @param kinds the kinds
         * @return this builder
         */
        public Builder fallbackKinds(Set<ErrorKind> kinds) {
            this.fallbackKinds = Objects.requireNonNull(kinds, "fallbackKinds");
            return this;
        }

        /**
         * The clock that measures item durations (default the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the config
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field and its value
         */
        public BatchRunConfig build() {
            ConfigChecks p = new ConfigChecks("BatchRunConfig");
            p.check(positive(pollInitialDelay), "pollInitialDelay", "must be positive", pollInitialDelay);
            p.check(positive(pollMaxDelay) && (pollInitialDelay == null || pollMaxDelay.compareTo(pollInitialDelay) >= 0),
                    "pollMaxDelay", "must be positive and >= pollInitialDelay", pollMaxDelay);
            p.check(pollMultiplier >= 1.0 && pollMultiplier <= 10.0, "pollMultiplier", "must be between 1 and 10",
                    pollMultiplier);
            p.check(pollJitter >= 0 && pollJitter < 1, "pollJitter", "must be >= 0 and < 1", pollJitter);
            p.check(positive(pollTimeout), "pollTimeout", "must be positive", pollTimeout);
            p.check(maxPollErrors >= 0, "maxPollErrors", "must be >= 0", maxPollErrors);
            p.throwIfAny();
            return new BatchRunConfig(this);
        }

        private static boolean positive(@Nullable Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }
}
