package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.ConfigChecks;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code llmbatch4j.*}. Checked when bound: a bad value fails start-up with one
 * message naming every bad property (its full name) and value. A property left unset keeps the
 * library's default.
 *
 * @param enabled whether the auto-configuration runs at all (default true)
 * @param catalog a Spring resource location of a YAML model catalog whose entries override the built-in one, e.g. classpath:models.yaml
 * @param transport the shared HTTP connection pool
 * @param providers the providers to create a chat client for
 * @param pool the shared call pool
 * @param processor defaults of the processors built from the auto-configured builder factory
 * @param health when the health indicator reports DOWN or OUT_OF_SERVICE
 */
@ConfigurationProperties(prefix = "llmbatch4j")
public record LlmBatchProperties(@DefaultValue("true") boolean enabled, @Nullable String catalog,
        @DefaultValue TransportProperties transport, @DefaultValue ProvidersProperties providers,
        @DefaultValue PoolProperties pool, @DefaultValue ProcessorProperties processor,
        @DefaultValue HealthProperties health) {

    /** The prefix of every property. */
    public static final String PREFIX = "llmbatch4j";

    /**
     * Checks every number and duration, naming bad ones by their property.
     *
     * @param enabled whether the auto-configuration runs
     * @param catalog the catalog override's location, or null
     * @param transport the transport settings
     * @param providers the providers
     * @param pool the call pool settings
     * @param processor the processor defaults
     * @param health the health settings
     */
    public LlmBatchProperties {
        ConfigChecks checks = new ConfigChecks("llmbatch4j configuration");
        transport.check(checks, PREFIX + ".transport.");
        providers.check(checks, PREFIX + ".providers.");
        pool.check(checks, PREFIX + ".pool.");
        processor.check(checks, PREFIX + ".processor.");
        health.check(checks, PREFIX + ".health.");
        checks.throwIfAny();
    }

    /**
     * The shared HTTP connection pool ({@code TransportConfig}); unset values keep its defaults.
     *
     * @param maxConnections connections per remote host
     * @param pendingAcquireMaxCount requests that may wait for a connection
     * @param pendingAcquireTimeout how long a request may wait for a connection
     * @param connectTimeout TCP connect timeout
     * @param maxIdleTime how long an idle connection is kept
     */
    public record TransportProperties(@Nullable Integer maxConnections, @Nullable Integer pendingAcquireMaxCount,
            @Nullable Duration pendingAcquireTimeout, @Nullable Duration connectTimeout,
            @Nullable Duration maxIdleTime) {

        void check(ConfigChecks c, String p) {
            positive(c, p + "max-connections", maxConnections);
            positive(c, p + "pending-acquire-max-count", pendingAcquireMaxCount);
            c.positiveOrNull(p + "pending-acquire-timeout", pendingAcquireTimeout);
            c.positiveOrNull(p + "connect-timeout", connectTimeout);
            c.positiveOrNull(p + "max-idle-time", maxIdleTime);
        }
    }

    /**
     * The providers; a chat client bean is made for each one present.
     *
     * @param openai OpenAI (bean {@code openaiChatClient})
     * @param anthropic Anthropic (bean {@code anthropicChatClient})
     * @param gemini Gemini Developer API (bean {@code geminiChatClient})
     * @param compatible OpenAI-compatible servers by name (Groq, kluster.ai, vLLM), each with a base URL; the bean is named after the entry plus ChatClient
     */
    public record ProvidersProperties(@Nullable ProviderProperties openai, @Nullable ProviderProperties anthropic,
            @Nullable ProviderProperties gemini, @DefaultValue Map<String, ProviderProperties> compatible) {

        void check(ConfigChecks c, String p) {
            compatible.forEach((name, props) -> c.check(props.baseUrl() != null && !props.baseUrl().isBlank(),
                    p + "compatible." + name + ".base-url", "must be set for an OpenAI-compatible provider", "unset"));
        }
    }

    /**
     * One provider. The key is read from {@code api-key}, else from the environment variable (or Spring property)
     * {@code api-key-env} names, else the preset's variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY).
     * The key is never printed: {@link #toString()} masks it.
     *
     * @param baseUrl the server, as the provider's docs print it; unset keeps the preset's
     * @param apiKey the key itself (prefer api-key-env or a placeholder such as ${OPENAI_API_KEY})
     * @param apiKeyEnv the environment variable holding the key
     * @param requestTimeout the time one HTTP exchange may take
     */
    public record ProviderProperties(@Nullable String baseUrl, @Nullable String apiKey, @Nullable String apiKeyEnv,
            @Nullable Duration requestTimeout) {

        /** {@return the settings with the key masked} */
        @Override
        public String toString() {
            return "ProviderProperties[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***")
                    + ", apiKeyEnv=" + apiKeyEnv + ", requestTimeout=" + requestTimeout + "]";
        }
    }

    /**
     * The shared call pool ({@code CallPoolConfig}); unset values keep the library's defaults.
     *
     * @param maxWorkers calls running at once
     * @param workerCeiling the highest the worker limit may be raised to at run time
     * @param timeoutPerCall the time one attempt may take
     * @param maxAttempts attempts per call, the first included
     * @param maxPending calls waiting or running before new ones are rejected
     * @param submitTimeout how long a call may wait for a worker before it is rejected
     * @param requestsPerMinute the pool's request budget per minute (all providers together), 0 or unset for none
     * @param tokensPerMinute the pool's token budget per minute (all providers together), 0 or unset for none
     * @param scopeLimits concurrency per admission scope (a strategy's scope key, typically a model)
     * @param drainTimeout how long shutdown waits for pending calls before cancelling them (default 20s)
     */
    public record PoolProperties(@Nullable Integer maxWorkers, @Nullable Integer workerCeiling,
            @Nullable Duration timeoutPerCall, @Nullable Integer maxAttempts, @Nullable Integer maxPending,
            @Nullable Duration submitTimeout, @Nullable Long requestsPerMinute, @Nullable Long tokensPerMinute,
            @DefaultValue Map<String, Integer> scopeLimits, @DefaultValue("20s") Duration drainTimeout) {

        void check(ConfigChecks c, String p) {
            positive(c, p + "max-workers", maxWorkers);
            positive(c, p + "worker-ceiling", workerCeiling);
            c.positiveOrNull(p + "timeout-per-call", timeoutPerCall);
            positive(c, p + "max-attempts", maxAttempts);
            positive(c, p + "max-pending", maxPending);
            c.positiveOrNull(p + "submit-timeout", submitTimeout);
            c.check(requestsPerMinute == null || requestsPerMinute >= 0, p + "requests-per-minute",
                    "must be 0 or more", requestsPerMinute);
            c.check(tokensPerMinute == null || tokensPerMinute >= 0, p + "tokens-per-minute", "must be 0 or more",
                    tokensPerMinute);
            scopeLimits.forEach((k, v) -> positive(c, p + "scope-limits." + k, v));
            c.positive(p + "drain-timeout", drainTimeout);
        }
    }

    /**
     * Defaults of processors made with {@code LlmBatchProcessors.builder()}.
     *
     * @param maxWorkers items running at once
     * @param timeoutPerItem the time one attempt may take
     * @param maxAttempts attempts per item, the first included
     */
    public record ProcessorProperties(@Nullable Integer maxWorkers, @Nullable Duration timeoutPerItem,
            @Nullable Integer maxAttempts) {

        void check(ConfigChecks c, String p) {
            positive(c, p + "max-workers", maxWorkers);
            c.positiveOrNull(p + "timeout-per-item", timeoutPerItem);
            positive(c, p + "max-attempts", maxAttempts);
        }
    }

    /**
     * When the health indicator leaves UP.
     *
     * @param authFailureThreshold consecutive 401/403 answers of one provider that make it DOWN (default 3)
     * @param longCooldown a rate-limit cooldown at least this long makes it OUT_OF_SERVICE while it lasts (default 30s)
     * @param budgetUsd a spending budget in US dollars: OUT_OF_SERVICE once the cost so far reaches it; unset for none
     */
    public record HealthProperties(@DefaultValue("3") int authFailureThreshold,
            @DefaultValue("30s") Duration longCooldown, @Nullable Double budgetUsd) {

        void check(ConfigChecks c, String p) {
            c.atLeast(p + "auth-failure-threshold", authFailureThreshold, 1);
            c.positive(p + "long-cooldown", longCooldown);
            c.check(budgetUsd == null || budgetUsd > 0, p + "budget-usd", "must be positive", budgetUsd);
        }
    }

    private static void positive(ConfigChecks c, String property, @Nullable Number value) {
        c.check(value == null || value.longValue() >= 1, property, "must be at least 1", value);
    }
}
