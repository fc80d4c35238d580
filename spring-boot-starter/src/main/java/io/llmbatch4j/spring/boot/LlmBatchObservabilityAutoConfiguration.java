package io.llmbatch4j.spring.boot;

import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.MicrometerObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A {@link MicrometerObserver} on the application's {@link MeterRegistry} (when there is one); it
 * observes the shared pool (cost is the {@link CostTracker}'s). Backs off when the application defines its own.
 */
@AutoConfiguration(before = LlmBatchAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = LlmBatchProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public class LlmBatchObservabilityAutoConfiguration {

    /** Made by Spring. */
    public LlmBatchObservabilityAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean
    MicrometerObserver llmbatchMicrometerObserver(MeterRegistry registry) {
        return new MicrometerObserver(registry);
    }
}
