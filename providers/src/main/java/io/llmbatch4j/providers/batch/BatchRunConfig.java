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

    public static final Duration DEFAULT_POLL_INITIAL_DELAY = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_MAX_DELAY = Duration.ofMinutes(5);
    public static final double DEFAULT_POLL_MULTIPLIER = 2.0;
    public static final double DEFAULT_POLL_JITTER = 0.2;
    /** Longer than every provider's window (Gemini: 48 h) so the provider, not the runner, ends a batch. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofHours(50);
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

    public static Builder builder() {
        return new Builder();
    }

    public static BatchRunConfig defaults() {
        return builder().build();
    }

    /** The wait before the second poll of a batch (the first is immediate); it grows by {@link #pollMultiplier()}. */
    public Duration pollInitialDelay() {
        return pollInitialDelay;
    }

    public Duration pollMaxDelay() {
        return pollMaxDelay;
    }

    public double pollMultiplier() {
        return pollMultiplier;
    }

    /** Each wait is spread by ± this share (0.2 = ±20 %). */
    public double pollJitter() {
        return pollJitter;
    }

    /** How long one batch is polled before its items are reported as still running (its id stays journaled). */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** Transient poll failures in a row tolerated before the batch's items fail (the batch id stays journaled). */
    public int maxPollErrors() {
        return maxPollErrors;
    }

    /**
     * Where the raw results JSONL of every batch ({@code <provider>-<batch id>.results.jsonl}) and
     * one output per item ({@code items/<item id>.txt}) are kept; null = keep nothing on disk.
     */
    public @Nullable Path outputDirectory() {
        return outputDirectory;
    }

    /** Failed items of these kinds go through the realtime fallback processor, when one is set. */
    public Set<ErrorKind> fallbackKinds() {
        return fallbackKinds;
    }

    /** Measures item durations (submission to result). */
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

        public Builder pollInitialDelay(Duration d) {
            this.pollInitialDelay = d;
            return this;
        }

        public Builder pollMaxDelay(Duration d) {
            this.pollMaxDelay = d;
            return this;
        }

        public Builder pollMultiplier(double m) {
            this.pollMultiplier = m;
            return this;
        }

        public Builder pollJitter(double j) {
            this.pollJitter = j;
            return this;
        }

        public Builder pollTimeout(Duration d) {
            this.pollTimeout = d;
            return this;
        }

        public Builder maxPollErrors(int n) {
            this.maxPollErrors = n;
            return this;
        }

        public Builder outputDirectory(@Nullable Path dir) {
            this.outputDirectory = dir;
            return this;
        }

        public Builder fallbackKinds(Set<ErrorKind> kinds) {
            this.fallbackKinds = Objects.requireNonNull(kinds, "fallbackKinds");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws io.llmbatch4j.core.InvalidConfigException naming every bad field and its value */
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
