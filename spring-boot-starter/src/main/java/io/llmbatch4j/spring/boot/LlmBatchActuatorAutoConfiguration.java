package io.llmbatch4j.spring.boot;

import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.RateLimitTracker;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code llmbatch} health indicator (with {@code spring-boot-health} on the classpath) and the
 * {@code llmbatch} actuator endpoint (with {@code spring-boot-actuator}); each backs off when the application
 * defines its own.
 */
@AutoConfiguration(after = LlmBatchAutoConfiguration.class)
@ConditionalOnBean(LlmCalls.class)
public class LlmBatchActuatorAutoConfiguration {

    /** Made by Spring. */
    public LlmBatchActuatorAutoConfiguration() {}

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Bean(name = "llmbatchHealthIndicator")
        @ConditionalOnMissingBean(LlmBatchHealthIndicator.class)
        LlmBatchHealthIndicator llmbatchHealthIndicator(LlmBatchHealth health, LlmCalls calls) {
            return new LlmBatchHealthIndicator(health, calls);
        }
    }

    /** The endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LlmBatchEndpoint llmbatchEndpoint(LlmCalls calls, CostTracker costs, LlmBatchHealth health,
                RateLimitTracker quotas) {
            return new LlmBatchEndpoint(calls, costs, health, quotas);
        }
    }
}
