package io.llmbatch4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.LLMCallFailedException;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;

/** The health indicator and the endpoint against the testkit's fake provider on loopback. */
class ActuatorTest {

    private static FakeLlmServer fake;

    @BeforeAll
    static void start() {
        fake = FakeLlmServer.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private ApplicationContextRunner runner(String key) {
        return new ApplicationContextRunner().withConfiguration(LlmBatchAutoConfigurationTest.ALL).withPropertyValues(
                "llmbatch4j.providers.compatible.fake.base-url=" + fake.baseUrl(),
                "llmbatch4j.providers.compatible.fake.api-key=" + key);
    }

    @Test
    void aProviderThatKeepsAnswering401IsDownAndOneAnsweredCallBringsItBack() {
        runner("wrong-key").run(ctx -> {
            LlmCalls calls = ctx.getBean(LlmCalls.class);
            ChatStrategy chat = ChatStrategy.builder(ctx.getBean("fakeChatClient", ChatClient.class), "gpt-4.1-mini").build();
            LlmBatchHealthIndicator indicator = ctx.getBean(LlmBatchHealthIndicator.class);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> calls.call(chat, "hi").block(Duration.ofSeconds(10)))
                        .isInstanceOf(LLMCallFailedException.class);
            }
            LlmBatchHealth health = ctx.getBean(LlmBatchHealth.class);
            await(() -> health.authFailures().getOrDefault("openai", 0) == 2);
            assertThat(indicator.health().getStatus()).as("two 401s are below the threshold of 3").isEqualTo(Status.UP);

            assertThatThrownBy(() -> calls.call(chat, "hi").block(Duration.ofSeconds(10)));
            await(() -> health.state() == LlmBatchHealth.State.DOWN);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(indicator.health().getDetails().toString()).doesNotContain("wrong-key");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEndpointShowsThePoolTheWorkerLimitTheCooldownAndTheCostNeverTheKey() {
        runner(FakeServerConfig.DEFAULT_OPENAI_KEY).withPropertyValues("llmbatch4j.pool.max-workers=7").run(ctx -> {
            LlmCalls calls = ctx.getBean(LlmCalls.class);
            ChatStrategy chat = ChatStrategy.builder(ctx.getBean("fakeChatClient", ChatClient.class), "gpt-4.1-mini").build();
            assertThat(calls.call(chat, "classify this").block(Duration.ofSeconds(10)).output()).isNotBlank();
            LlmBatchEndpoint endpoint = ctx.getBean(LlmBatchEndpoint.class);
            await(() -> ((Map<?, ?>) endpoint.llmbatch().get("cost")).get("totalUsd") instanceof Double d && d > 0
                    && !((Map<?, ?>) endpoint.llmbatch().get("quota")).isEmpty() // each observer has its own lane
                    && Integer.valueOf(0).equals(endpoint.llmbatch().get("pending"))); // released just after the answer

            Map<String, Object> view = endpoint.llmbatch();
            assertThat(view).containsEntry("state", "UP").containsEntry("admitting", true)
                    .containsEntry("workerLimit", 7).containsEntry("pending", 0);
            assertThat((Map<String, Object>) view.get("pool")).containsEntry("succeeded", 1L);
            assertThat((Map<String, Object>) view.get("cooldown")).containsEntry("active", false);
            Map<String, Object> quota = (Map<String, Object>) ((Map<String, Object>) view.get("quota"))
                    .get("openai/gpt-4.1-mini");
            assertThat(quota).as("the testkit's x-ratelimit-* headers").isNotNull();
            assertThat((Long) quota.get("requestsRemaining")).isPositive();
            assertThat(view.toString()).doesNotContain(FakeServerConfig.DEFAULT_OPENAI_KEY).doesNotContain("classify this");
            assertThat(ctx.getBean(LlmBatchHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void callsAreMeteredOnTheApplicationsMeterRegistryAndTracedOnItsObservationRegistry() {
        List<String> observed = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                observed.add(context.getName() + " " + context.getLowCardinalityKeyValues());
            }
        });
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        runner(FakeServerConfig.DEFAULT_OPENAI_KEY)
                .withBean(MeterRegistry.class, () -> meters).withBean(ObservationRegistry.class, () -> observations)
                .run(ctx -> {
                    ChatStrategy chat = ChatStrategy.builder(ctx.getBean("fakeChatClient", ChatClient.class),
                            "gpt-4.1-mini").build();
                    ctx.getBean(LlmCalls.class).call(chat, "hi").block(Duration.ofSeconds(10));
                    await(() -> meters.find("gen_ai.client.operation.duration").timer() != null);
                    assertThat(observed).hasSize(2);
                    assertThat(observed.get(0)).startsWith("gen_ai.client.operation").contains("gen_ai.provider.name=openai")
                            .contains("gen_ai.request.model=gpt-4.1-mini");
                    assertThat(observed.get(1)).startsWith("llmbatch.item").contains("outcome=success");
                });
    }

    /** Observers run on their own lane: waits (bounded) for it to catch up. */
    static void await(BooleanSupplier condition) {
        Boolean ok = Flux.interval(Duration.ZERO, Duration.ofMillis(5)).filter(t -> condition.getAsBoolean()).next()
                .map(t -> true).block(Duration.ofSeconds(10));
        assertThat(ok).isTrue();
    }
}
