package io.llmbatch4j.core;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The processor's settings. Immutable; build with {@link #builder()}, whose setters say what each
 * setting does and its default. The canonical constructor, which the builder calls, refuses bad
 * values naming every bad field at once ({@link InvalidConfigException}).
 */
public record ProcessorConfig(int maxWorkers, int workerCeiling, Duration timeoutPerItem, RetryConfig retry,
        RateLimitConfig rateLimit, int observerBufferSize, Duration observerFlushTimeout, boolean detectDuplicateIds,
        @Nullable Duration totalTimeoutPerItem, GuardrailConfig guardrails, Map<String, Integer> scopeLimits,
        int defaultScopeLimit, boolean dryRun, Duration postProcessTimeout, PostProcessMode postProcessMode,
        @Nullable AdaptiveConcurrency adaptiveConcurrency, Duration hookTimeout,
        @Nullable AdaptiveTimeout adaptiveTimeout) {

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

    /**
     * Checks every field; replaces a 0 {@code workerCeiling} with {@code max(maxWorkers, 1024)}.
     *
     * @param maxWorkers the calls in flight at most
     * @param workerCeiling the largest {@code maxWorkers} a run can be raised to, and how many items it takes ahead;
     *     0 is replaced by {@code max(maxWorkers, 1024)}
     * @param timeoutPerItem how long one attempt may take
     * @param retry which errors are retried, how often and after what wait
     * @param rateLimit how the processor reacts to rate limits, and its request and token budgets
     * @param observerBufferSize the events queued per observer
     * @param observerFlushTimeout how long the end of a run waits for observers to catch up
     * @param detectDuplicateIds whether a run refuses a second item with an id it has seen
     * @param totalTimeoutPerItem the bound on each whole item, or {@code null} for none
     * @param guardrails the batch deadline and fail-fast
     * @param scopeLimits the concurrency limits by admission scope key
     * @param defaultScopeLimit the limit of scopes without an entry in {@code scopeLimits}; 0 for none
     * @param dryRun whether strategies' {@code dryRun} answers instead of their calls
     * @param postProcessTimeout how long the post-processor may take per result
     * @param postProcessMode whether an item waits for its post-processor
     * @param adaptiveConcurrency the AIMD of the worker limit, or {@code null} for none
     * @param hookTimeout how long one call of a hook may take; default 60 s
     * @param adaptiveTimeout the cut of hung attempts before {@code timeoutPerItem}, or {@code null} for none
     */
    public ProcessorConfig {
        workerCeiling = workerCeiling != 0 ? workerCeiling : Math.max(maxWorkers, DEFAULT_WORKER_CEILING);
        ProcessorConfigDraft.check(maxWorkers, workerCeiling, timeoutPerItem, retry, rateLimit, observerBufferSize,
                observerFlushTimeout, totalTimeoutPerItem, guardrails, scopeLimits, defaultScopeLimit, postProcessTimeout,
                postProcessMode, adaptiveConcurrency, hookTimeout);
        scopeLimits = Map.copyOf(scopeLimits);
    }

    /** {@return 10 workers, 120 s per attempt, default retries and rate-limit handling} */
    public static ProcessorConfig defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder(new ProcessorConfigDraft());
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        return new Builder(new ProcessorConfigDraft(this));
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

    /** Builds a {@link ProcessorConfig}; {@link #build()} validates every field at once. */
    public static final class Builder {
        private final ProcessorConfigDraft d;

        private Builder(ProcessorConfigDraft d) {
            this.d = d;
        }

        /**
         * @param maxWorkers calls in flight at most (default 10), at least 1 and at most {@code workerCeiling};
         *     changeable during a run with {@link ParallelBatchProcessor#setMaxWorkers(int)}
         * @return this builder
         */
        public Builder maxWorkers(int maxWorkers) {
            d.maxWorkers = maxWorkers;
            return this;
        }

        /**
         * @param workerCeiling the largest {@code maxWorkers} a run can be raised to, also how many items it takes
         *     from its source ahead of the workers: at least {@code maxWorkers}, or 0 (the default) for
         *     {@code max(maxWorkers, 1024)}
         * @return this builder
         */
        public Builder workerCeiling(int workerCeiling) {
            d.workerCeiling = workerCeiling;
            return this;
        }

        /**
         * @param timeoutPerItem how long one attempt may take (default 120 s; positive) before it is cancelled and
         *     classified {@link ErrorKind#TIMEOUT}; waits for a worker or a cooldown do not count
         * @return this builder
         */
        public Builder timeoutPerItem(Duration timeoutPerItem) {
            d.timeoutPerItem = timeoutPerItem;
            return this;
        }

        /**
         * @param totalTimeoutPerItem bounds a whole item from its start (admission waits, cooldowns, attempts,
         *     backoffs): then the running call is cancelled and the item ends as {@link ErrorKind#ITEM_DEADLINE_EXCEEDED},
         *     keeping the usage its failed attempts reported; positive, or {@code null} (the default) for none
         * @return this builder
         */
        public Builder totalTimeoutPerItem(@Nullable Duration totalTimeoutPerItem) {
            d.totalTimeoutPerItem = totalTimeoutPerItem;
            return this;
        }

        /**
         * @param retry which errors are retried, how often and after what wait (default {@link RetryConfig#defaults()})
         * @return this builder
         */
        public Builder retry(RetryConfig retry) {
            d.retry = retry;
            return this;
        }

        /**
         * @param rateLimit rate-limit handling and budgets (default {@link RateLimitConfig#defaults()})
         * @return this builder
         */
        public Builder rateLimit(RateLimitConfig rateLimit) {
            d.rateLimit = rateLimit;
            return this;
        }

        /**
         * @param observerBufferSize events queued per observer (default 65,536; at least 16); a slower observer
         *     loses events past it (counted in {@link ProcessorStats#droppedEvents()}) rather than slow the run
         * @return this builder
         */
        public Builder observerBufferSize(int observerBufferSize) {
            d.observerBufferSize = observerBufferSize;
            return this;
        }

        /**
         * @param observerFlushTimeout how long the end of a run waits for observers to catch up (default 5 s);
         *     at least zero
         * @return this builder
         */
        public Builder observerFlushTimeout(Duration observerFlushTimeout) {
            d.observerFlushTimeout = observerFlushTimeout;
            return this;
        }

        /**
         * @param detectDuplicateIds whether a run refuses a second item with an id it has seen (default true;
         *     costs a few bytes per distinct id for the run's length)
         * @return this builder
         */
        public Builder detectDuplicateIds(boolean detectDuplicateIds) {
            d.detectDuplicateIds = detectDuplicateIds;
            return this;
        }

        /**
         * @param guardrails the batch deadline and fail-fast (default {@link GuardrailConfig#defaults()})
         * @return this builder
         */
        public Builder guardrails(GuardrailConfig guardrails) {
            d.guardrails = guardrails;
            return this;
        }

        /**
         * Admission scopes: an item whose strategy names a scope ({@link LLMCallStrategy#scopeKey(String)},
         * e.g. its model) waits before each attempt for a permit of that scope, then for a worker: at
         * most the scope's limit of calls of that scope run at once, whatever {@code maxWorkers} allows.
         * The wait is outside the attempt's timeout and recorded in {@link WorkItemResult#admissionWait()}.
         *
         * @param scopeLimits limits (each at least 1) by scope key; scopes without an entry get
         *     {@link #defaultScopeLimit(int)}
         * @return this builder
         */
        public Builder scopeLimits(Map<String, Integer> scopeLimits) {
            d.scopeLimits = scopeLimits;
            return this;
        }

        /**
         * @param defaultScopeLimit the limit of scopes without an entry in {@code scopeLimits}; 0 (the
         *     default) for none
         * @return this builder
         */
        public Builder defaultScopeLimit(int defaultScopeLimit) {
            d.defaultScopeLimit = defaultScopeLimit;
            return this;
        }

        /**
         * @param dryRun whether to call {@link LLMCallStrategy#dryRun} instead of {@code execute} and skip
         *     {@code prepare()}/{@code cleanup()} (default false): the rest of the pipeline runs, no provider call
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            d.dryRun = dryRun;
            return this;
        }

        /**
         * @param postProcessTimeout how long the {@link PostProcessor} may take per result (default 10 s); positive
         * @return this builder
         */
        public Builder postProcessTimeout(Duration postProcessTimeout) {
            d.postProcessTimeout = postProcessTimeout;
            return this;
        }

        /**
         * @param postProcessMode whether an item waits for its post-processor ({@link PostProcessMode#INLINE},
         *     the default) or it runs off the worker's path ({@link PostProcessMode#ASYNC})
         * @return this builder
         */
        public Builder postProcessMode(PostProcessMode postProcessMode) {
            d.postProcessMode = postProcessMode;
            return this;
        }

        /**
         * @param adaptiveConcurrency AIMD of the worker limit on rate limits ({@link AdaptiveConcurrency}), or
         *     {@code null} (the default) to keep the limit where it is set
         * @return this builder
         */
        public Builder adaptiveConcurrency(@Nullable AdaptiveConcurrency adaptiveConcurrency) {
            d.adaptiveConcurrency = adaptiveConcurrency;
            return this;
        }

        /**
         * Bounds each call of a hook: a strategy's {@code prepare()}, {@code onError()} and {@code cleanup()},
         * a middleware's {@code beforeProcess}, {@code afterProcess} and {@code onRetry}. A hook that takes
         * longer is cancelled and fails with an error naming it and this setting, which means what any error
         * of that hook means ({@link LLMCallStrategy}, {@link Middleware}): a failed {@code prepare()} fails
         * its strategy's items, a failed {@code beforeProcess} or {@code onError()} its item, a failed
         * {@code afterProcess} keeps the result, a failed {@code cleanup()} is logged. The default,
         * {@link #DEFAULT_HOOK_TIMEOUT} (60 s), is far beyond a healthy hook (a journal write, creating a
         * provider-side cache), yet a stuck one delays a run and {@code close()} by a minute, not forever.
         *
         * @param hookTimeout a positive duration
         * @return this builder
         */
        public Builder hookTimeout(Duration hookTimeout) {
            d.hookTimeout = hookTimeout;
            return this;
        }

        /**
         * @param adaptiveTimeout cut an attempt that hangs far beyond the observed latency, except an item's last
         *     attempt ({@link AdaptiveTimeout}); {@code null} (the default) for none
         * @return this builder
         */
        public Builder adaptiveTimeout(@Nullable AdaptiveTimeout adaptiveTimeout) {
            d.adaptiveTimeout = adaptiveTimeout;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException naming every bad field
         */
        public ProcessorConfig build() {
            return d.build();
        }
    }
}
