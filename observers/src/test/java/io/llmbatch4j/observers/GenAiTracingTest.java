package io.llmbatch4j.observers;

import static io.llmbatch4j.observers.OtelSpans.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.context.Context;

class GenAiTracingTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final OtelSpans spans = new OtelSpans();
    private final GenAiTracing tracing = GenAiTracing.create(spans.registry);

    @AfterEach
    void close() {
        spans.close();
    }

    @Test
    void eachItemIsAChildOfTheCallersSpanAndEachAttemptAChildOfItsItemWithTheGenAiAttributes() {
        LLMCallStrategy<String> strategy = tracing.strategy(Runs.strategy(vts,
                (id, n) -> Mono.just(new LLMResponse<>("ok", TokenUsage.of(12, 3), "gpt-x-2025"))));

        Observation caller = Observation.start("caller", spans.registry);
        run(Runs.items(strategy, 2), caller);
        caller.stop();

        SpanData callerSpan = spans.named("caller").get(0);
        List<SpanData> items = spans.named("llmbatch.item");
        List<SpanData> calls = spans.named("chat gpt-x");
        assertThat(items).hasSize(2).allSatisfy(item -> {
            assertThat(item.getParentSpanId()).isEqualTo(callerSpan.getSpanId());
            assertThat(item.getTraceId()).isEqualTo(callerSpan.getTraceId());
            assertThat(attr(item, "outcome")).isEqualTo("success");
            assertThat(attr(item, "llmbatch.attempts")).isEqualTo("1");
        });
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            SpanData parent = items.stream().filter(i -> i.getSpanId().equals(call.getParentSpanId())).findFirst()
                    .orElseThrow();
            assertThat(attr(parent, "llmbatch.item.id")).startsWith("item-");
            assertThat(attr(call, "gen_ai.operation.name")).isEqualTo("chat");
            assertThat(attr(call, "gen_ai.provider.name")).isEqualTo("openai");
            assertThat(attr(call, "gen_ai.request.model")).isEqualTo("gpt-x");
            assertThat(attr(call, "gen_ai.response.model")).isEqualTo("gpt-x-2025");
            assertThat(attr(call, "gen_ai.usage.input_tokens")).isEqualTo("12");
            assertThat(attr(call, "gen_ai.usage.output_tokens")).isEqualTo("3");
            assertThat(attr(call, "error.type")).isEqualTo("none");
            assertThat(call.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        });
        assertThat(calls.stream().map(SpanData::getParentSpanId).distinct()).hasSize(2);
    }

    @Test
    void eachRetryIsASpanOfItsOwnUnderTheSameItemAndTheFailedOneCarriesItsErrorType() {
        LLMCallStrategy<String> strategy = tracing.strategy(Runs.strategy(vts, (id, n) -> n == 1
                ? Mono.error(new TransientProviderException("503 overloaded"))
                : Mono.just(new LLMResponse<>("ok", TokenUsage.of(5, 1), "gpt-x"))));

        run(Runs.items(strategy, 1), null);

        SpanData item = spans.named("llmbatch.item").get(0);
        List<SpanData> calls = spans.named("chat gpt-x");
        assertThat(calls).hasSize(2).allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(item.getSpanId()));
        SpanData first = calls.stream().filter(c -> "1".equals(attr(c, "llmbatch.attempt"))).findFirst().orElseThrow();
        SpanData second = calls.stream().filter(c -> "2".equals(attr(c, "llmbatch.attempt"))).findFirst().orElseThrow();
        assertThat(attr(first, "error.type")).isEqualTo("TransientProviderException");
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(second, "error.type")).isEqualTo("none");
        assertThat(item.getEvents()).extracting(e -> e.getName()).containsExactly("retry after TRANSIENT"
                + " (TransientProviderException) of attempt 1");
        assertThat(attr(item, "llmbatch.attempts")).isEqualTo("2");
        assertThat(item.getParentSpanContext().isValid()).as("no caller: the item is a root").isFalse();
    }

    @Test
    void anAttemptCutByItsTimeoutSaysCancelledAndTheItemCarriesTheClassifiedKind() {
        LLMCallStrategy<String> strategy = tracing.strategy(Runs.strategy(vts, (id, n) -> Mono.never()));

        run(Runs.items(strategy, 1), null);

        SpanData call = spans.named("chat gpt-x").get(0);
        SpanData item = spans.named("llmbatch.item").get(0);
        assertThat(attr(call, "error.type")).isEqualTo("cancelled");
        assertThat(attr(item, "outcome")).isEqualTo("failure");
        assertThat(attr(item, "error.kind")).isEqualTo("TIMEOUT");
    }

    @Test
    void aPoolCallIsAnItemSpanUnderTheCallerWithItsAttemptsUnderIt() {
        LLMCallStrategy<String> strategy = tracing.strategy(Runs.strategy(vts,
                (id, n) -> Mono.just(new LLMResponse<>("ok", TokenUsage.of(7, 2), "gpt-x"))));
        try (LLMCallPool pool = LLMCallPool.builder().config(CallPoolConfig.defaults()).scheduler(vts)
                .eventScheduler(Schedulers.immediate()).build()) {
            Observation caller = Observation.start("handler", spans.registry);
            LLMResponse<?>[] out = new LLMResponse<?>[1];
            tracing.call(pool, strategy, "hello")
                    .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, caller))
                    .subscribe(r -> out[0] = r);
            vts.advanceTimeBy(Duration.ofSeconds(1));
            caller.stop();
            assertThat(out[0]).isNotNull();
        }
        SpanData handler = spans.named("handler").get(0);
        SpanData item = spans.named("llmbatch.item").get(0);
        SpanData call = spans.named("chat gpt-x").get(0);
        assertThat(item.getParentSpanId()).isEqualTo(handler.getSpanId());
        assertThat(call.getParentSpanId()).isEqualTo(item.getSpanId());
        assertThat(call.getEndEpochNanos()).as("the call ends within its item").isLessThanOrEqualTo(item.getEndEpochNanos());
        assertThat(spans.spans()).extracting(SpanData::getName).containsExactly("chat gpt-x", "llmbatch.item", "handler");
        assertThat(attr(item, "gen_ai.usage.input_tokens")).isEqualTo("7");
        assertThat(attr(call, "gen_ai.usage.output_tokens")).isEqualTo("2");
    }

    @Test
    void withTheNoopRegistryNothingIsRecordedAndAnswersPassUnchanged() {
        GenAiTracing noop = GenAiTracing.create(ObservationRegistry.NOOP);
        LLMCallStrategy<String> strategy = noop.strategy(Runs.strategy(vts, (id, n) -> Mono.just(LLMResponse.of("ok"))));
        assertThat(noop.strategy(strategy)).isSameAs(strategy);

        BatchResult<String, Void> result = run(noop, Runs.items(strategy, 3), null);

        assertThat(result.succeeded()).isEqualTo(3);
        assertThat(noop.items()).isEmpty();
        assertThat(spans.spans()).isEmpty();
    }

    @Test
    void theObservationKeyIsMicrometersOwn() {
        assertThat(GenAiTracing.OBSERVATION_KEY).isEqualTo(ObservationThreadLocalAccessor.KEY);
    }

    private BatchResult<String, Void> run(List<LLMWorkItem<String, Void>> items, Observation caller) {
        return run(tracing, items, caller);
    }

    private BatchResult<String, Void> run(GenAiTracing t, List<LLMWorkItem<String, Void>> items, Observation caller) {
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(4).timeoutPerItem(Duration.ofSeconds(2))
                .retry(RetryConfig.builder().maxAttempts(2).initialBackoff(Duration.ofSeconds(1)).jitter(0).build())
                .build();
        ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder().config(config)
                .scheduler(vts).eventScheduler(Schedulers.immediate()).middleware(t.<String, Void>middleware()).build();
        BatchResult<String, Void>[] out = new BatchResult[1];
        p.processAll(items).contextWrite(caller == null ? Context.empty()
                : Context.of(ObservationThreadLocalAccessor.KEY, caller)).subscribe(r -> out[0] = r);
        vts.advanceTimeBy(Duration.ofMinutes(10));
        p.close();
        return out[0];
    }
}
