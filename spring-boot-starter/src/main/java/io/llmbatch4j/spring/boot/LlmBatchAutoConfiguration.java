package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.GenAiTracing;
import io.llmbatch4j.observers.ModelPricing;
import io.llmbatch4j.observers.RateLimitTracker;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The engine's beans, each backing off when the application defines its own: the {@link HttpTransport}, the
 * {@link ModelCatalog}, a chat client per configured provider ({@code <name>ChatClient}), the
 * {@link CostTracker}, the {@link RateLimitTracker} (the providers' quota headers), the {@link LlmBatchHealth} state, the {@link GenAiTracing} (on the application's
 * {@code ObservationRegistry}, a no-op without one), the shared {@link LLMCallPool} (every
 * {@link ProcessingObserver} bean observes it), {@link LlmCalls} and {@link LlmBatchProcessors}; plus the
 * graceful shutdown of the pool. Off with {@code llmbatch4j.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = LlmBatchProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(LlmBatchProperties.class)
public class LlmBatchAutoConfiguration {

    /** Made by Spring. */
    public LlmBatchAutoConfiguration() {}

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    HttpTransport llmbatchHttpTransport(LlmBatchProperties properties) {
        return HttpTransport.create(Mappings.transport(properties.transport()));
    }

    @Bean
    @ConditionalOnMissingBean
    ModelCatalog llmbatchModelCatalog(LlmBatchProperties properties, ResourceLoader resources) {
        if (properties.catalog() == null) {
            return ModelCatalog.defaults();
        }
        Resource r = resources.getResource(properties.catalog());
        if (!r.exists()) {
            throw new IllegalStateException("Invalid " + LlmBatchProperties.PREFIX + ".catalog: no resource at "
                    + properties.catalog());
        }
        try {
            return ModelCatalog.defaults().withOverrides(
                    ModelCatalog.parse(r.getContentAsString(StandardCharsets.UTF_8), properties.catalog()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LlmBatchProperties.PREFIX + ".catalog", e);
        }
    }

    @Bean
    ProviderClients llmbatchProviderClients(HttpTransport transport, ModelCatalog catalog, Environment environment) {
        return new ProviderClients(transport, catalog, environment);
    }

    @Bean
    static ChatClientRegistrar llmbatchChatClientRegistrar(Environment environment) {
        return new ChatClientRegistrar(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    CostTracker llmbatchCostTracker(ModelCatalog catalog) {
        ModelPricing pricing = (provider, model, usage) -> catalog.resolve(provider, model).cost(usage, 0, false);
        return new CostTracker(pricing, false);
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimitTracker llmbatchRateLimitTracker() {
        return new RateLimitTracker();
    }

    @Bean
    @ConditionalOnMissingBean
    LlmBatchHealth llmbatchHealth(LlmBatchProperties properties, CostTracker costs) {
        return new LlmBatchHealth(properties.health(), costs::totalUsd);
    }

    @Bean
    @ConditionalOnMissingBean
    GenAiTracing llmbatchTracing(ObjectProvider<ObservationRegistry> registry) {
        return GenAiTracing.create(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LLMCallPool llmbatchCallPool(LlmBatchProperties properties, ObjectProvider<ProcessingObserver> observers) {
        CallPoolConfig config = Mappings.pool(properties.pool());
        return LLMCallPool.builder().config(config)
                .observer(observers.orderedStream().toArray(ProcessingObserver[]::new)).build();
    }

    @Bean
    @ConditionalOnMissingBean
    LlmCalls llmbatchCalls(LLMCallPool pool, GenAiTracing tracing) {
        return new LlmCalls(pool, tracing);
    }

    @Bean
    PoolLifecycle llmbatchPoolLifecycle(LlmCalls calls, LlmBatchProperties properties) {
        return new PoolLifecycle(calls, properties.pool().drainTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    LlmBatchProcessors llmbatchProcessors(LlmBatchProperties properties, ObjectProvider<ProcessingObserver> observers,
            GenAiTracing tracing) {
        return new LlmBatchProcessors(Mappings.processor(properties.processor()), observers, tracing);
    }
}
