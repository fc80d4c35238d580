package io.llmbatch4j.core;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The values a {@link ProcessorConfig.Builder} collects, the defaults until set, and the rules
 * {@link ProcessorConfig}'s constructor checks them against (apart so the config's file stays
 * small). Not thread-safe, like the builder that owns it.
 */
final class ProcessorConfigDraft {

    int maxWorkers = ProcessorConfig.DEFAULT_MAX_WORKERS;
    int workerCeiling;
    Duration timeoutPerItem = ProcessorConfig.DEFAULT_TIMEOUT_PER_ITEM;
    RetryConfig retry = RetryConfig.defaults();
    RateLimitConfig rateLimit = RateLimitConfig.defaults();
    int observerBufferSize = ProcessorConfig.DEFAULT_OBSERVER_BUFFER_SIZE;
    Duration observerFlushTimeout = ProcessorConfig.DEFAULT_OBSERVER_FLUSH_TIMEOUT;
    boolean detectDuplicateIds = true;
    @Nullable Duration totalTimeoutPerItem;
    GuardrailConfig guardrails = GuardrailConfig.defaults();
    Map<String, Integer> scopeLimits = Map.of();
    int defaultScopeLimit;
    boolean dryRun;
    Duration postProcessTimeout = ProcessorConfig.DEFAULT_POST_PROCESS_TIMEOUT;
    PostProcessMode postProcessMode = PostProcessMode.INLINE;
    @Nullable AdaptiveConcurrency adaptiveConcurrency;
    Duration hookTimeout = ProcessorConfig.DEFAULT_HOOK_TIMEOUT;
    @Nullable AdaptiveTimeout adaptiveTimeout;

    ProcessorConfigDraft() {}

    ProcessorConfigDraft(ProcessorConfig c) {
        maxWorkers = c.maxWorkers();
        workerCeiling = c.workerCeiling();
        timeoutPerItem = c.timeoutPerItem();
        retry = c.retry();
        rateLimit = c.rateLimit();
        observerBufferSize = c.observerBufferSize();
        observerFlushTimeout = c.observerFlushTimeout();
        detectDuplicateIds = c.detectDuplicateIds();
        totalTimeoutPerItem = c.totalTimeoutPerItem();
        guardrails = c.guardrails();
        scopeLimits = c.scopeLimits();
        defaultScopeLimit = c.defaultScopeLimit();
        dryRun = c.dryRun();
        postProcessTimeout = c.postProcessTimeout();
        postProcessMode = c.postProcessMode();
        adaptiveConcurrency = c.adaptiveConcurrency();
        hookTimeout = c.hookTimeout();
        adaptiveTimeout = c.adaptiveTimeout();
    }

    ProcessorConfig build() {
        return new ProcessorConfig(maxWorkers, workerCeiling, timeoutPerItem, retry, rateLimit, observerBufferSize,
                observerFlushTimeout, detectDuplicateIds, totalTimeoutPerItem, guardrails, scopeLimits,
                defaultScopeLimit, dryRun, postProcessTimeout, postProcessMode, adaptiveConcurrency, hookTimeout,
                adaptiveTimeout);
    }

    /**
     * The rules of {@link ProcessorConfig}'s fields, each bad one named in one exception.
     *
     * @param workerCeiling the ceiling after 0 was replaced by its default
     * @throws InvalidConfigException naming every bad field
     */
    static void check(int maxWorkers, int workerCeiling, @Nullable Duration timeoutPerItem, @Nullable RetryConfig retry,
            @Nullable RateLimitConfig rateLimit, int observerBufferSize, @Nullable Duration observerFlushTimeout,
            @Nullable Duration totalTimeoutPerItem, @Nullable GuardrailConfig guardrails,
            @Nullable Map<String, Integer> scopeLimits, int defaultScopeLimit, @Nullable Duration postProcessTimeout,
            @Nullable PostProcessMode postProcessMode, @Nullable AdaptiveConcurrency adaptiveConcurrency,
            @Nullable Duration hookTimeout) {
        ConfigChecks checks = new ConfigChecks("ProcessorConfig")
                .atLeast("maxWorkers", maxWorkers, 1)
                .check(workerCeiling >= 0, "workerCeiling", "must be >= 0, where 0 means max(maxWorkers, 1024)",
                        workerCeiling)
                .check(workerCeiling < 0 || workerCeiling >= maxWorkers, "workerCeiling", "must be >= maxWorkers",
                        workerCeiling + " < " + maxWorkers)
                .positive("timeoutPerItem", timeoutPerItem)
                .notNull("retry", retry)
                .notNull("rateLimit", rateLimit)
                .atLeast("observerBufferSize", observerBufferSize, 16)
                .notNegative("observerFlushTimeout", observerFlushTimeout)
                .positiveOrNull("totalTimeoutPerItem", totalTimeoutPerItem)
                .notNull("guardrails", guardrails)
                .notNull("scopeLimits", scopeLimits)
                .atLeast("defaultScopeLimit", defaultScopeLimit, 0)
                .positive("postProcessTimeout", postProcessTimeout)
                .notNull("postProcessMode", postProcessMode)
                .positive("hookTimeout", hookTimeout);
        if (scopeLimits != null) {
            scopeLimits.forEach((k, v) -> checks.check(k != null && v != null && v >= 1, "scopeLimits",
                    "must map non-null keys to limits >= 1", k + "=" + v));
        }
        if (adaptiveConcurrency != null) {
            AdaptiveConcurrency a = adaptiveConcurrency;
            checks.check(a.maxWorkers() <= workerCeiling, "adaptiveConcurrency.maxWorkers",
                            "must be <= workerCeiling", a.maxWorkers() + " > " + workerCeiling)
                    .check(maxWorkers >= a.minWorkers() && maxWorkers <= a.maxWorkers(), "maxWorkers",
                            "must lie within adaptiveConcurrency's bounds [" + a.minWorkers() + ", " + a.maxWorkers()
                                    + "]", maxWorkers);
        }
        checks.throwIfAny();
    }
}
