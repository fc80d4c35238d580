package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.ConfigValidation;
import io.llmbatch4j.core.internal.PositiveDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processor's settings. Immutable; build with {@link #builder()}, which refuses bad values
 * naming every bad field at once.
 *
 * <ul>
 *   <li>{@code maxWorkers}: calls in flight at most; changeable during a run with
 *       {@link ParallelBatchProcessor#setMaxWorkers(int)}, up to {@code workerCeiling}.
 *   <li>{@code workerCeiling}: the largest {@code maxWorkers} a run can be raised to; it is also
 *       how many items a run takes from its source ahead of the workers. Defaults to
 *       {@code max(maxWorkers, 1024)}.
 *   <li>{@code timeoutPerItem}: how long one attempt may take before it is cancelled and
 *       classified {@link ErrorKind#TIMEOUT}; waits for a worker or a cooldown do not count.
 *   <li>{@code observerBufferSize}: events queued per observer; a slower observer loses events
 *       past it (counted in {@link ProcessorStats#droppedEvents()}) rather than slowing the run.
 *   <li>{@code observerFlushTimeout}: how long the end of a run waits for observers to catch up.
 *   <li>{@code detectDuplicateIds}: whether a run refuses a second item with an id it has seen
 *       (default true; costs a few bytes per distinct id for the run's length). Callers who
 *       guarantee unique ids can switch it off to save that memory and a little time per item.
 * </ul>
 */
public final class ProcessorConfig {

    public static final int DEFAULT_MAX_WORKERS = 10;
    public static final int DEFAULT_WORKER_CEILING = 1024;
    public static final Duration DEFAULT_TIMEOUT_PER_ITEM = Duration.ofSeconds(120);
    public static final int DEFAULT_OBSERVER_BUFFER_SIZE = 65_536;
    public static final Duration DEFAULT_OBSERVER_FLUSH_TIMEOUT = Duration.ofSeconds(5);

    private static final ProcessorConfig DEFAULTS = builder().build();

    @Min(1)
    private final int maxWorkers;
    @Min(1)
    private final int workerCeiling;
    @PositiveDuration
    private final Duration timeoutPerItem;
    @NotNull
    @Valid
    private final RetryConfig retry;
    @NotNull
    @Valid
    private final RateLimitConfig rateLimit;
    @Min(16)
    private final int observerBufferSize;
    @PositiveDuration(allowZero = true)
    private final Duration observerFlushTimeout;
    private final boolean detectDuplicateIds;

    private ProcessorConfig(Builder b) {
        this.maxWorkers = b.maxWorkers;
        this.workerCeiling = b.workerCeiling > 0 ? b.workerCeiling : Math.max(b.maxWorkers, DEFAULT_WORKER_CEILING);
        this.timeoutPerItem = b.timeoutPerItem;
        this.retry = b.retry;
        this.rateLimit = b.rateLimit;
        this.observerBufferSize = b.observerBufferSize;
        this.observerFlushTimeout = b.observerFlushTimeout;
        this.detectDuplicateIds = b.detectDuplicateIds;
    }

    /** 10 workers, 120 s per attempt, default retries and rate-limit handling. */
    public static ProcessorConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxWorkers(maxWorkers).workerCeiling(workerCeiling).timeoutPerItem(timeoutPerItem)
                .retry(retry).rateLimit(rateLimit).observerBufferSize(observerBufferSize)
                .observerFlushTimeout(observerFlushTimeout).detectDuplicateIds(detectDuplicateIds);
    }

    public int maxWorkers() {
        return maxWorkers;
    }

    public int workerCeiling() {
        return workerCeiling;
    }

    public Duration timeoutPerItem() {
        return timeoutPerItem;
    }

    public RetryConfig retry() {
        return retry;
    }

    public RateLimitConfig rateLimit() {
        return rateLimit;
    }

    public int observerBufferSize() {
        return observerBufferSize;
    }

    public Duration observerFlushTimeout() {
        return observerFlushTimeout;
    }

    public boolean detectDuplicateIds() {
        return detectDuplicateIds;
    }

    @Override
    public String toString() {
        return "ProcessorConfig[maxWorkers=" + maxWorkers + ", workerCeiling=" + workerCeiling + ", timeoutPerItem="
                + timeoutPerItem + ", retry=" + retry + ", rateLimit=" + rateLimit + ", observerBufferSize="
                + observerBufferSize + ", observerFlushTimeout=" + observerFlushTimeout + ", detectDuplicateIds="
                + detectDuplicateIds + "]";
    }

    /** Builds a {@link ProcessorConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private int maxWorkers = DEFAULT_MAX_WORKERS;
        private int workerCeiling;
        private Duration timeoutPerItem = DEFAULT_TIMEOUT_PER_ITEM;
        private RetryConfig retry = RetryConfig.defaults();
        private RateLimitConfig rateLimit = RateLimitConfig.defaults();
        private int observerBufferSize = DEFAULT_OBSERVER_BUFFER_SIZE;
        private Duration observerFlushTimeout = DEFAULT_OBSERVER_FLUSH_TIMEOUT;
        private boolean detectDuplicateIds = true;

        private Builder() {}

        /** Whether a run fails items whose id it has seen before (default true). */
        public Builder detectDuplicateIds(boolean detectDuplicateIds) {
            this.detectDuplicateIds = detectDuplicateIds;
            return this;
        }

        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return this;
        }

        /** 0 (the default) means {@code max(maxWorkers, 1024)}. */
        public Builder workerCeiling(int workerCeiling) {
            this.workerCeiling = workerCeiling;
            return this;
        }

        public Builder timeoutPerItem(Duration timeoutPerItem) {
            this.timeoutPerItem = timeoutPerItem;
            return this;
        }

        public Builder retry(RetryConfig retry) {
            this.retry = retry;
            return this;
        }

        public Builder rateLimit(RateLimitConfig rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder observerBufferSize(int observerBufferSize) {
            this.observerBufferSize = observerBufferSize;
            return this;
        }

        public Builder observerFlushTimeout(Duration observerFlushTimeout) {
            this.observerFlushTimeout = observerFlushTimeout;
            return this;
        }

        /** @throws InvalidConfigException naming every bad field */
        public ProcessorConfig build() {
            List<String> extra = new ArrayList<>();
            if (workerCeiling < 0) {
                extra.add("workerCeiling must be >= 0, where 0 means max(maxWorkers, 1024) (was " + workerCeiling + ")");
            } else if (workerCeiling > 0 && workerCeiling < maxWorkers) {
                extra.add("workerCeiling must be >= maxWorkers (was " + workerCeiling + " < " + maxWorkers + ")");
            }
            return ConfigValidation.validate("ProcessorConfig", new ProcessorConfig(this), extra);
        }
    }
}
