package io.llmbatch4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.CallRejectedException;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.observers.GenAiTracing;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class PoolLifecycleTest {

    private final Sinks.One<LLMResponse<String>> answer = Sinks.one();
    private final LLMCallStrategy<String> waitsForAnswer = (prompt, attempt) -> answer.asMono();
    private final LLMCallPool pool = LLMCallPool.builder().config(CallPoolConfig.defaults()).build();
    private final LlmCalls calls = new LlmCalls(pool, GenAiTracing.create(ObservationRegistry.NOOP));
    private final PoolLifecycle lifecycle = new PoolLifecycle(calls, Duration.ofSeconds(20));

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void stopsAfterTheWebServersGracefulShutdownAndBeforeItStops() {
        assertThat(lifecycle.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 1024)
                .isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 2048);
    }

    @Test
    void shutdownRefusesNewCallsAndWaitsForThePendingOneToFinish() {
        LLMResponse<String>[] pending = new LLMResponse[1];
        calls.call(waitsForAnswer, "p").subscribe(r -> pending[0] = r);
        assertThat(pool.pending()).isEqualTo(1);
        calls.stopAdmitting();

        StepVerifier.create(calls.call(waitsForAnswer, "late")).expectError(CallRejectedException.class)
                .verify(Duration.ofSeconds(5));
        StepVerifier.withVirtualTime(lifecycle::drain)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(5))
                .then(() -> answer.tryEmitValue(LLMResponse.of("done")))
                .thenAwait(Duration.ofMillis(10))
                .verifyComplete();
        assertThat(pending[0].output()).isEqualTo("done");
    }

    @Test
    void theDrainEndsAtItsTimeoutWhenACallHangs() {
        calls.call(waitsForAnswer, "p").subscribe(r -> {}, e -> {});
        StepVerifier.withVirtualTime(lifecycle::drain)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(19))
                .thenAwait(Duration.ofSeconds(1))
                .verifyComplete();
        assertThat(pool.pending()).isEqualTo(1);
    }

    @Test
    void stopClosesThePoolAndThenRunsSpringsCallback() {
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        Sinks.Empty<Void> stopped = Sinks.empty();
        lifecycle.stop(stopped::tryEmitEmpty);

        StepVerifier.create(stopped.asMono()).verifyComplete();
        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(calls.admitting()).isFalse();
        StepVerifier.create(pool.call(waitsForAnswer, "after close")).expectError(CallRejectedException.class)
                .verify(Duration.ofSeconds(5));
    }
}
