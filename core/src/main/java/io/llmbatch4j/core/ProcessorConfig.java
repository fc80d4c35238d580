package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.ConfigValidation;
import io.llmbatch4j.core.internal.PositiveDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
 *   <li>{@code totalTimeoutPerItem}: bounds a whole logical item from its start: admission waits,
 *       cooldowns, every attempt and every backoff. When it passes, the running call is cancelled
 *       and the item ends as {@link ErrorKind#ITEM_DEADLINE_EXCEEDED}, keeping the usage its
 *       failed attempts reported. {@code null} (the default): no item deadline.
 *   <li>{@code guardrails}: batch deadline and fail-fast ({@link GuardrailConfig}).
 *   <li>{@code scopeLimits} / {@code defaultScopeLimit}: admission scopes. An item whose strategy
 *       names a scope ({@link LLMCallStrategy#scopeKey(String)}, e.g. its model) waits before each
 *       attempt for a permit of that scope, then for a worker: at most the scope's limit of calls
 *       of that scope run at once, whatever {@code maxWorkers} allows. The limit is
 *       {@code scopeLimits.get(key)}, else {@code defaultScopeLimit}; 0 means no limit. The wait
 *       is outside the attempt's timeout and recorded in {@link WorkItemResult#admissionWait()}.
 *   <li>{@code dryRun}: calls {@link LLMCallStrategy#dryRun} instead of {@code execute} and skips
 *       {@code prepare()}/{@code cleanup()}: the whole pipeline (middleware, observers, retries,
 *       post-processor) runs without calling a provider.
 *   <li>{@code postProcessTimeout} / {@code postProcessMode}: how long the post-processor
 *       ({@link PostProcessor}) may take per result, and whether the item waits for it
 *       ({@link PostProcessMode#INLINE}) or it runs off the worker's path
 *       ({@link PostProcessMode#ASYNC}).
 *   <li>{@code adaptiveTimeout}: cut an attempt hung far beyond the observed latency before
 *       {@code timeoutPerItem} ({@link AdaptiveTimeout}); off unless set;
 *   <li>{@code adaptiveConcurrency}: AIMD of the worker limit on rate limits ({@link AdaptiveConcurrency});
 *       {@code null} (the default) keeps the limit where it is set.
 *   <li>{@code hookTimeout}: how long each call of a hook may take before it is cancelled and fails
 *       with an error naming the hook and this setting: a strategy's {@code prepare()},
 *       {@code onError()} and {@code cleanup()}, a middleware's {@code beforeProcess},
 *       {@code afterProcess} and {@code onRetry}. What a timeout means is what any error of that
 *       hook means ({@link LLMCallStrategy}, {@link Middleware}): a failed {@code prepare()} fails
 *       its strategy's items, a failed {@code beforeProcess} or {@code onError()} its item, a failed
 *       {@code afterProcess} keeps the result, a failed {@code cleanup()} is logged. Default 60 s:
 *       hooks are bookkeeping (a journal write, a cache lookup) or a set-up call such as creating
 *       a provider-side cache, which take milliseconds to seconds; a minute is far beyond a
 *       healthy hook, yet a stuck one delays a run (and {@code close()}) by a minute, not forever.
 *       The post-processor has its own {@code postProcessTimeout}.
 * </ul>
 */
public final class ProcessorConfig {

    /** Calls in flight at most unless set. */
    public static final int DEFAULT_MAX_WORKERS = 10;
    /** The smallest worker ceiling: a run can always be raised to this many workers. */
    public static final int DEFAULT_WORKER_CEILING = 1024;
    /** How long one attempt may take unless set. */
    public static final Duration DEFAULT_TIMEOUT_PER_ITEM = Duration.ofSeconds(120);
    /** Events queued per observer unless set. */
    public static final int DEFAULT_OBSERVER_BUFFER_SIZE = 65_536;
    /** How long the end of a run waits for observers unless set. */
    public static final Duration DEFAULT_OBSERVER_FLUSH_TIMEOUT = Duration.ofSeconds(5);
    /** How long the post-processor may take per result unless set. */
    public static final Duration DEFAULT_POST_PROCESS_TIMEOUT = Duration.ofSeconds(10);
    /** How long one call of a hook (prepare, cleanup, onError, middleware) may take unless set. */
    public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(60);

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
    private final @Nullable Duration totalTimeoutPerItem;
    @NotNull
    @Valid
    private final GuardrailConfig guardrails;
    @NotNull
    private final Map<String, Integer> scopeLimits;
    @Min(0)
    private final int defaultScopeLimit;
    private final boolean dryRun;
    @PositiveDuration
    private final Duration postProcessTimeout;
    @NotNull
    private final PostProcessMode postProcessMode;
    private final @Nullable AdaptiveConcurrency adaptiveConcurrency;
    @PositiveDuration
    private final Duration hookTimeout;
    private final @Nullable AdaptiveTimeout adaptiveTimeout;

    private ProcessorConfig(Builder b) {
        this.maxWorkers = b.maxWorkers;
        this.workerCeiling = b.workerCeiling > 0 ? b.workerCeiling : Math.max(b.maxWorkers, DEFAULT_WORKER_CEILING);
        this.timeoutPerItem = b.timeoutPerItem;
        this.retry = b.retry;
        this.rateLimit = b.rateLimit;
        this.observerBufferSize = b.observerBufferSize;
        this.observerFlushTimeout = b.observerFlushTimeout;
        this.detectDuplicateIds = b.detectDuplicateIds;
        this.totalTimeoutPerItem = b.totalTimeoutPerItem;
        this.guardrails = b.guardrails;
        this.scopeLimits = b.scopeLimits == null ? null : Map.copyOf(b.scopeLimits);
        this.defaultScopeLimit = b.defaultScopeLimit;
        this.dryRun = b.dryRun;
        this.postProcessTimeout = b.postProcessTimeout;
        this.postProcessMode = b.postProcessMode;
        this.adaptiveConcurrency = b.adaptiveConcurrency;
        this.hookTimeout = b.hookTimeout;
        this.adaptiveTimeout = b.adaptiveTimeout;
    }

    /** {@return 10 workers, 120 s per attempt, default retries and rate-limit handling} */
    public static ProcessorConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder().maxWorkers(maxWorkers).workerCeiling(workerCeiling).timeoutPerItem(timeoutPerItem)
                .retry(retry).rateLimit(rateLimit).observerBufferSize(observerBufferSize)
                .observerFlushTimeout(observerFlushTimeout).detectDuplicateIds(detectDuplicateIds)
                .totalTimeoutPerItem(totalTimeoutPerItem).guardrails(guardrails).scopeLimits(scopeLimits)
                .defaultScopeLimit(defaultScopeLimit).dryRun(dryRun).postProcessTimeout(postProcessTimeout)
                .postProcessMode(postProcessMode).adaptiveConcurrency(adaptiveConcurrency).hookTimeout(hookTimeout)
                .adaptiveTimeout(adaptiveTimeout);
    }

    /** {@return the AIMD of the worker limit, or {@code null} for none} */
    public @Nullable AdaptiveConcurrency adaptiveConcurrency() {
        return adaptiveConcurrency;
    }

    /** {@return the cut of hung attempts before {@link #timeoutPerItem()}, or {@code null} for none} */
    public @Nullable AdaptiveTimeout adaptiveTimeout() {
        return adaptiveTimeout;
    }

    /** {@return the calls in flight at most} */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** {@return the largest {@code maxWorkers} a run can be raised to, and how many items it takes ahead} */
    public int workerCeiling() {
        return workerCeiling;
    }

    /** {@return how long one attempt may take} */
    public Duration timeoutPerItem() {
        return timeoutPerItem;
    }

    /** {@return which errors are retried, how often and after what wait} */
    public RetryConfig retry() {
        return retry;
    }

    /** {@return how the processor reacts to rate limits, and its request and token budgets} */
    public RateLimitConfig rateLimit() {
        return rateLimit;
    }

    /** {@return the events queued per observer} */
    public int observerBufferSize() {
        return observerBufferSize;
    }

    /** {@return how long the end of a run waits for observers to catch up} */
    public Duration observerFlushTimeout() {
        return observerFlushTimeout;
    }

    /** {@return whether a run refuses a second item with an id it has seen} */
    public boolean detectDuplicateIds() {
        return detectDuplicateIds;
    }

    /** {@return the bound on each whole item, or {@code null} for none} */
    public @Nullable Duration totalTimeoutPerItem() {
        return totalTimeoutPerItem;
    }

    /** {@return the batch deadline and fail-fast} */
    public GuardrailConfig guardrails() {
        return guardrails;
    }

    /** {@return the concurrency limits by admission scope key} */
    public Map<String, Integer> scopeLimits() {
        return scopeLimits;
    }

    /** {@return the limit of scopes without an entry in {@link #scopeLimits()}; 0 for none} */
    public int defaultScopeLimit() {
        return defaultScopeLimit;
    }

    /**
     * The concurrency limit of scope {@code key}; 0 for none.
     *
     * @param key the scope key
     * @return its limit
     */
    public int scopeLimit(String key) {
        Integer limit = scopeLimits.get(key);
        return limit != null ? limit : defaultScopeLimit;
    }

    /** {@return whether strategies' {@code dryRun} answers instead of their calls} */
    public boolean dryRun() {
        return dryRun;
    }

    /** {@return how long the post-processor may take per result} */
    public Duration postProcessTimeout() {
        return postProcessTimeout;
    }

    /** {@return whether an item waits for its post-processor} */
    public PostProcessMode postProcessMode() {
        return postProcessMode;
    }

    /** {@return how long one call of a hook may take (see the class description); default 60 s} */
    public Duration hookTimeout() {
        return hookTimeout;
    }

    @Override
    public String toString() {
        return "ProcessorConfig[maxWorkers=" + maxWorkers + ", workerCeiling=" + workerCeiling + ", timeoutPerItem="
                + timeoutPerItem + ", retry=" + retry + ", rateLimit=" + rateLimit + ", observerBufferSize="
                + observerBufferSize + ", observerFlushTimeout=" + observerFlushTimeout + ", detectDuplicateIds="
                + detectDuplicateIds + ", totalTimeoutPerItem=" + totalTimeoutPerItem + ", guardrails=" + guardrails
                + ", scopeLimits=" + scopeLimits + ", defaultScopeLimit=" + defaultScopeLimit + ", dryRun=" + dryRun
                + ", postProcessTimeout=" + postProcessTimeout + ", postProcessMode=" + postProcessMode
                + ", adaptiveConcurrency=" + adaptiveConcurrency + ", hookTimeout=" + hookTimeout
                + ", adaptiveTimeout=" + adaptiveTimeout + "]";
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
        private @Nullable Duration totalTimeoutPerItem;
        private GuardrailConfig guardrails = GuardrailConfig.defaults();
        private Map<String, Integer> scopeLimits = Map.of();
        private int defaultScopeLimit;
        private boolean dryRun;
        private Duration postProcessTimeout = DEFAULT_POST_PROCESS_TIMEOUT;
        private PostProcessMode postProcessMode = PostProcessMode.INLINE;
        private @Nullable AdaptiveConcurrency adaptiveConcurrency;
        private Duration hookTimeout = DEFAULT_HOOK_TIMEOUT;
        private @Nullable AdaptiveTimeout adaptiveTimeout;

        private Builder() {}

        /**
         * Bounds each call of a hook (prepare, cleanup, onError, middleware before/after) (default
         * {@link #DEFAULT_HOOK_TIMEOUT}); a hook that takes longer fails as a timeout naming it.
         *
         * @param hookTimeout a positive duration
         * @return this builder
         */
        public Builder hookTimeout(Duration hookTimeout) {
            this.hookTimeout = hookTimeout;
            return this;
        }

        /**
         * Cut an attempt that hangs far beyond the observed latency, except an item's last attempt
         * ({@link AdaptiveTimeout}); {@code null} (the default) for none.
         *
         * @param adaptiveTimeout the cut, or {@code null}
         * @return this builder
         */
        public Builder adaptiveTimeout(@Nullable AdaptiveTimeout adaptiveTimeout) {
            this.adaptiveTimeout = adaptiveTimeout;
            return this;
        }

        /**
         * AIMD of the worker limit; {@code null} (the default) for none.
         *
         * @param adaptiveConcurrency the AIMD, or {@code null}
         * @return this builder
         */
        public Builder adaptiveConcurrency(@Nullable AdaptiveConcurrency adaptiveConcurrency) {
            this.adaptiveConcurrency = adaptiveConcurrency;
            return this;
        }

        /**
         * Bounds each whole item (waits, attempts, backoff); {@code null} for none.
         *
         * @param totalTimeoutPerItem positive, or {@code null}
         * @return this builder
         */
        public Builder totalTimeoutPerItem(@Nullable Duration totalTimeoutPerItem) {
            this.totalTimeoutPerItem = totalTimeoutPerItem;
            return this;
        }

        /**
         * The batch deadline and fail-fast (default {@link GuardrailConfig#defaults()}).
         *
         * @param guardrails the guardrails
         * @return this builder
         */
        public Builder guardrails(GuardrailConfig guardrails) {
            this.guardrails = guardrails;
            return this;
        }

        /**
         * Concurrency limits by admission scope key (each >= 1).
         *
         * @param scopeLimits the limits by key
         * @return this builder
         */
        public Builder scopeLimits(Map<String, Integer> scopeLimits) {
            this.scopeLimits = scopeLimits;
            return this;
        }

        /**
         * The limit of scopes without an entry in {@code scopeLimits}; 0 (the default) for none.
         *
         * @param defaultScopeLimit at least 0
         * @return this builder
         */
        public Builder defaultScopeLimit(int defaultScopeLimit) {
            this.defaultScopeLimit = defaultScopeLimit;
            return this;
        }

        /**
         * Answer with the strategies' {@code dryRun} instead of calling providers (default false).
         *
         * @param dryRun whether to dry-run
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * How long the post-processor may take per result (default 10 s).
         *
         * @param postProcessTimeout positive
         * @return this builder
         */
        public Builder postProcessTimeout(Duration postProcessTimeout) {
            this.postProcessTimeout = postProcessTimeout;
            return this;
        }

        /**
         * Whether an item waits for its post-processor (default {@link PostProcessMode#INLINE}).
         *
         * @param postProcessMode the mode
         * @return this builder
         */
        public Builder postProcessMode(PostProcessMode postProcessMode) {
            this.postProcessMode = postProcessMode;
            return this;
        }

        /**
         * Whether a run fails items whose id it has seen before (default true).
         *
         * @param detectDuplicateIds whether to check
         * @return this builder
         */
        public Builder detectDuplicateIds(boolean detectDuplicateIds) {
            this.detectDuplicateIds = detectDuplicateIds;
            return this;
        }

        /**
         * Calls in flight at most (default 10).
         *
         * @param maxWorkers at least 1, at most {@code workerCeiling}
         * @return this builder
         */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = maxWorkers;
            return this;
        }

        /**
         * 0 (the default) means {@code max(maxWorkers, 1024)}.
         *
         * @param workerCeiling at least {@code maxWorkers}, or 0
         * @return this builder
         */
        public Builder workerCeiling(int workerCeiling) {
            this.workerCeiling = workerCeiling;
            return this;
        }

        /**
         * How long one attempt may take (default 120 s).
         *
         * @param timeoutPerItem positive
         * @return this builder
         */
        public Builder timeoutPerItem(Duration timeoutPerItem) {
            this.timeoutPerItem = timeoutPerItem;
            return this;
        }

        /**
         * Which errors are retried, how often and after what wait (default {@link RetryConfig#defaults()}).
         *
         * @param retry the retry settings
         * @return this builder
         */
        public Builder retry(RetryConfig retry) {
            this.retry = retry;
            return this;
        }

        /**
         * Rate-limit handling and budgets (default {@link RateLimitConfig#defaults()}).
         *
         * @param rateLimit the rate-limit settings
         * @return this builder
         */
        public Builder rateLimit(RateLimitConfig rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /**
         * Events queued per observer (default 65,536).
         *
         * @param observerBufferSize at least 16
         * @return this builder
         */
        public Builder observerBufferSize(int observerBufferSize) {
            this.observerBufferSize = observerBufferSize;
            return this;
        }

        /**
         * How long the end of a run waits for observers (default 5 s).
         *
         * @param observerFlushTimeout at least zero
         * @return this builder
         */
        public Builder observerFlushTimeout(Duration observerFlushTimeout) {
            this.observerFlushTimeout = observerFlushTimeout;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming every bad field
         */
        public ProcessorConfig build() {
            List<String> extra = new ArrayList<>();
            if (workerCeiling < 0) {
                extra.add("workerCeiling must be >= 0, where 0 means max(maxWorkers, 1024) (was " + workerCeiling + ")");
            } else if (workerCeiling > 0 && workerCeiling < maxWorkers) {
                extra.add("workerCeiling must be >= maxWorkers (was " + workerCeiling + " < " + maxWorkers + ")");
            }
            if (adaptiveConcurrency != null) {
                int ceiling = workerCeiling > 0 ? workerCeiling : Math.max(maxWorkers, DEFAULT_WORKER_CEILING);
                if (adaptiveConcurrency.maxWorkers() > ceiling) {
                    extra.add("adaptiveConcurrency.maxWorkers must be <= workerCeiling (was "
                            + adaptiveConcurrency.maxWorkers() + " > " + ceiling + ")");
                }
                if (maxWorkers < adaptiveConcurrency.minWorkers() || maxWorkers > adaptiveConcurrency.maxWorkers()) {
                    extra.add("maxWorkers must lie within adaptiveConcurrency's bounds [" + adaptiveConcurrency.minWorkers()
                            + ", " + adaptiveConcurrency.maxWorkers() + "] (was " + maxWorkers + ")");
                }
            }
            if (totalTimeoutPerItem != null && (totalTimeoutPerItem.isNegative() || totalTimeoutPerItem.isZero())) {
                extra.add("totalTimeoutPerItem must be positive or null (was " + totalTimeoutPerItem + ")");
            }
            if (scopeLimits != null) {
                scopeLimits.forEach((k, v) -> {
                    if (k == null || v == null || v < 1) {
                        extra.add("scopeLimits must map non-null keys to limits >= 1 (was " + k + "=" + v + ")");
                    }
                });
                if (extra.stream().anyMatch(p -> p.startsWith("scopeLimits"))) {
                    scopeLimits = Map.of();
                    return ConfigValidation.validate("ProcessorConfig", new ProcessorConfig(this), extra);
                }
            }
            return ConfigValidation.validate("ProcessorConfig", new ProcessorConfig(this), extra);
        }
    }
}
