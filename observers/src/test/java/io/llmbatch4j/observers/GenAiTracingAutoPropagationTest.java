package io.llmbatch4j.observers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.micrometer.observation.Observation;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * With Reactor's automatic context propagation on (Spring Boot's {@code spring.reactor.context-propagation=auto}),
 * a blocking caller's open observation scope reaches the items through the captured context: no Reactor
 * context written by hand. The library itself installs no hook.
 */
class GenAiTracingAutoPropagationTest {

    private final OtelSpans spans = new OtelSpans();

    @BeforeEach
    void enable() {
        Hooks.enableAutomaticContextPropagation();
    }

    @AfterEach
    void disable() {
        Hooks.disableAutomaticContextPropagation();
        spans.close();
    }

    @Test
    void theCallersScopedObservationIsTheParentOfEveryItem() {
        GenAiTracing tracing = GenAiTracing.create(spans.registry);
        LLMCallStrategy<String> strategy = tracing.strategy((prompt, attempt) -> Mono.delay(Duration.ofMillis(1))
                .thenReturn(LLMResponse.of("ok")));
        List<LLMWorkItem<String, Void>> items = IntStream.range(0, 20)
                .mapToObj(i -> LLMWorkItem.of("i" + i, strategy, "p")).toList();
        Observation caller = Observation.start("job", spans.registry);
        BatchResult<String, Void> result;
        try (Observation.Scope scope = caller.openScope();
             ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder()
                     .config(ProcessorConfig.builder().maxWorkers(4).build())
                     .middleware(tracing.<String, Void>middleware()).build()) {
            result = p.processAll(items).block(Duration.ofSeconds(10));
        }
        caller.stop();

        assertThat(result.succeeded()).isEqualTo(20);
        SpanData job = spans.named("job").get(0);
        List<SpanData> itemSpans = spans.named("llmbatch.item");
        assertThat(itemSpans).hasSize(20).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(job.getSpanId()));
        assertThat(spans.named("chat unknown")).hasSize(20).allSatisfy(s -> assertThat(itemSpans)
                .anySatisfy(i -> assertThat(i.getSpanId()).isEqualTo(s.getParentSpanId())));
        assertThat(spans.registry.getCurrentObservation()).as("nothing leaks into the caller's thread").isNull();
    }
}
