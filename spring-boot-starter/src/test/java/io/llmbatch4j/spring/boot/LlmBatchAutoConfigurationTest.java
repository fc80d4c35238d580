package io.llmbatch4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.GenAiTracing;
import io.llmbatch4j.observers.MicrometerObserver;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LlmBatchAutoConfigurationTest {

    static final AutoConfigurations ALL = AutoConfigurations.of(LlmBatchObservabilityAutoConfiguration.class,
            LlmBatchRedisAutoConfiguration.class, LlmBatchAutoConfiguration.class,
            LlmBatchActuatorAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL);

    @Test
    void withoutPropertiesTheEngineBeansExistAndNoChatClient() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(HttpTransport.class).hasSingleBean(ModelCatalog.class)
                    .hasSingleBean(LLMCallPool.class).hasSingleBean(LlmCalls.class).hasSingleBean(CostTracker.class)
                    .hasSingleBean(GenAiTracing.class).hasSingleBean(LlmBatchProcessors.class)
                    .hasSingleBean(LlmBatchHealth.class).hasSingleBean(LlmBatchHealthIndicator.class)
                    .hasSingleBean(LlmBatchEndpoint.class).doesNotHaveBean(ChatClient.class)
                    .doesNotHaveBean(MicrometerObserver.class);
            assertThat(ctx.getBean(GenAiTracing.class).registry()).isSameAs(ObservationRegistry.NOOP);
        });
    }

    @Test
    void oneChatClientPerConfiguredProviderWithTheKeyFromTheNamedVariable() {
        runner.withPropertyValues("llmbatch4j.providers.openai.api-key=sk-test",
                "llmbatch4j.providers.anthropic.api-key-env=MY_ANTHROPIC_KEY", "MY_ANTHROPIC_KEY=ak-test",
                "llmbatch4j.providers.compatible.groq.base-url=https://api.groq.com/openai/v1",
                "llmbatch4j.providers.compatible.groq.api-key=gk-test").run(ctx -> {
                    assertThat(ctx).hasBean("openaiChatClient").hasBean("anthropicChatClient").hasBean("groqChatClient")
                            .doesNotHaveBean("geminiChatClient");
                    assertThat(ctx.getBeansOfType(ChatClient.class)).hasSize(3);
                    assertThat(ctx.getBean("anthropicChatClient")).isInstanceOf(AnthropicChatClient.class);
                    assertThat(ctx.getBean("groqChatClient")).isInstanceOf(OpenAiChatClient.class);
                    assertThat(ctx.getBean("groqChatClient").toString()).doesNotContain("gk-test");
                });
    }

    @Test
    void theApplicationsOwnBeansWin() {
        runner.withUserConfiguration(OwnBeans.class).withPropertyValues("llmbatch4j.providers.openai.api-key=sk-test")
                .run(ctx -> {
                    assertThat(ctx.getBean(LLMCallPool.class)).isSameAs(OwnBeans.POOL);
                    assertThat(ctx.getBean(HttpTransport.class)).isSameAs(OwnBeans.TRANSPORT);
                    assertThat(ctx.getBean(CostTracker.class)).isSameAs(OwnBeans.COSTS);
                    assertThat(ctx.getBean("openaiChatClient")).isSameAs(OwnBeans.OPENAI);
                    assertThat(ctx).hasSingleBean(LLMCallPool.class).hasSingleBean(CostTracker.class);
                });
    }

    @Test
    void theApplicationsRegistriesAreUsed() {
        runner.withUserConfiguration(Registries.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(MicrometerObserver.class);
            assertThat(ctx.getBean(GenAiTracing.class).registry()).isSameAs(ctx.getBean(ObservationRegistry.class));
        });
    }

    @Test
    void badValuesFailStartUpNamingEveryProperty() {
        runner.withPropertyValues("llmbatch4j.pool.max-workers=0", "llmbatch4j.transport.connect-timeout=-1s",
                "llmbatch4j.health.budget-usd=-5").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(rootMessage(ctx.getStartupFailure())).contains("llmbatch4j.pool.max-workers")
                            .contains("llmbatch4j.transport.connect-timeout").contains("llmbatch4j.health.budget-usd");
                });
    }

    @Test
    void aCompatibleProviderWithoutBaseUrlOrAProviderWithoutKeyFailsNamingIt() {
        runner.withPropertyValues("llmbatch4j.providers.compatible.vllm.api-key=x").run(ctx ->
                assertThat(rootMessage(ctx.getStartupFailure())).contains("llmbatch4j.providers.compatible.vllm.base-url"));
        runner.withPropertyValues("llmbatch4j.providers.gemini.api-key-env=NOT_SET_ANYWHERE_42").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(rootMessage(ctx.getStartupFailure())).contains("llmbatch4j.providers.gemini")
                    .contains("NOT_SET_ANYWHERE_42");
        });
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("llmbatch4j.enabled=false").run(ctx ->
                assertThat(ctx).doesNotHaveBean(LLMCallPool.class).doesNotHaveBean(LlmCalls.class)
                        .doesNotHaveBean(LlmBatchEndpoint.class));
    }

    @Test
    void redisPropertiesOnlyWithTheRedisModuleAndNeverPrintThePassword() {
        runner.withPropertyValues("llmbatch4j.redis.url=redis://user:s3cret@localhost:6379").run(ctx -> {
            assertThat(ctx).hasSingleBean(LlmBatchRedisProperties.class);
            assertThat(ctx.getBean(LlmBatchRedisProperties.class).toString()).doesNotContain("s3cret").contains("localhost");
        });
        runner.withClassLoader(new FilteredClassLoader("io.llmbatch4j.redis"))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(LlmBatchRedisProperties.class).hasSingleBean(LlmCalls.class));
    }

    @Test
    void withoutTheActuatorAndHealthModulesTheRestStillWorks() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmCalls.class).doesNotHaveBean(LlmBatchEndpoint.class)
                        .doesNotHaveBean(LlmBatchHealthIndicator.class));
    }

    @Test
    void aCatalogOverrideIsReadFromTheResourceAndAMissingOneFailsNamingTheProperty() {
        runner.withPropertyValues("llmbatch4j.catalog=classpath:no-such-catalog.yaml").run(ctx ->
                assertThat(rootMessage(ctx.getStartupFailure())).contains("llmbatch4j.catalog"));
    }

    @Test
    void theProviderSettingsNeverPrintTheKey() {
        var p = new LlmBatchProperties.ProviderProperties("https://x", "sk-secret", null, null);
        assertThat(p.toString()).doesNotContain("sk-secret");
    }

    static String rootMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        static final HttpTransport TRANSPORT = HttpTransport.create();
        static final LLMCallPool POOL = LLMCallPool.builder().config(CallPoolConfig.defaults()).build();
        static final CostTracker COSTS = new CostTracker((p, m, u) -> 0);
        static final ChatClient OPENAI = OpenAiChatClient.create(TRANSPORT, ProviderConfig.openAi().apiKey("own").build());

        @Bean
        HttpTransport myTransport() {
            return TRANSPORT;
        }

        @Bean
        LLMCallPool myPool() {
            return POOL;
        }

        @Bean
        CostTracker myCosts() {
            return COSTS;
        }

        @Bean
        ChatClient openaiChatClient() {
            return OPENAI;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registries {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            return ObservationRegistry.create();
        }
    }
}
