package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class StreamingAndResultsTest {

    /** item-i answers after (10 - i) seconds, so completion order is the reverse of input order. */
    private static ScriptedStrategy reverseTiming(VirtualTimeScheduler vts) {
        return new ScriptedStrategy(vts, (call, n) -> {
            int i = Integer.parseInt(call.itemId().substring(5));
            return Mono.delay(Duration.ofSeconds(10 - i), vts).thenReturn(LLMResponse.of("r" + i));
        });
    }

    @Test
    void processStreamsResultsInCompletionOrder() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = reverseTiming(vts);
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(10).build()).build();
        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(strategy, 5))),
                        () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(6))
                .expectNextMatches(r -> r.itemId().equals("item-4"))
                .thenAwait(Duration.ofSeconds(1))
                .expectNextMatches(r -> r.itemId().equals("item-3"))
                .thenAwait(Duration.ofSeconds(3))
                .expectNextCount(3)
                .verifyComplete();
    }

    @Test
    void processAllReturnsInputOrderWithTotals() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            int i = Integer.parseInt(call.itemId().substring(5));
            return i == 2 ? Mono.error(new PermanentProviderException("400 bad request", 400, null))
                    : Mono.delay(Duration.ofSeconds(10 - i), vts)
                            .thenReturn(new LLMResponse<>("r" + i, TokenUsage.of(100, 10), "m"));
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(10).build()).build();
        StepVerifier.withVirtualTime(() -> processor.processAll(Fixtures.items(strategy, 5)), () -> vts, 1)
                .thenAwait(Duration.ofSeconds(10))
                .assertNext(b -> {
                    assertThat(b.results()).extracting(WorkItemResult::itemId)
                            .containsExactly("item-0", "item-1", "item-2", "item-3", "item-4");
                    assertThat(b.succeeded()).isEqualTo(4);
                    assertThat(b.failed()).isEqualTo(1);
                    assertThat(b.usage()).isEqualTo(TokenUsage.of(400, 40));
                    assertThat(b.duration()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(b.latency().count()).isEqualTo(5);
                    assertThat(b.latency().max()).isEqualTo(Duration.ofSeconds(10));
                })
                .verifyComplete();
    }

    @Test
    void addWorkThenProcessAllRunsTheQueuedItemsOnce() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of(call.prompt())));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        Fixtures.items(strategy, 7).forEach(processor::addWork);
        assertThat(processor.processAll().block().results()).hasSize(7);
        assertThat(processor.processAll().block().results()).as("the queue was drained").isEmpty();
        assertThat(processor.stats().succeeded()).isEqualTo(7);
    }

    @Test
    void aStreamingRunRequestsAtMostTheWorkerCeilingAheadOfTheWorkers() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(1));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4).workerCeiling(32).build())
                .build();
        AtomicLong emitted = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        Flux<LLMWorkItem<String, Void>> source = Flux.range(0, 100_000)
                .map(i -> LLMWorkItem.of("i" + i, strategy, "p"))
                .doOnNext(i -> maxAhead.accumulateAndGet(emitted.incrementAndGet() - completed.get(), Math::max));
        processor.process(source).subscribe(r -> completed.incrementAndGet());
        vts.advanceTimeBy(Duration.ofSeconds(100));
        assertThat(completed.get()).isEqualTo(400);
        assertThat(maxAhead.get()).isLessThanOrEqualTo(32);
    }

    @Test
    void tokensOfFailedAttemptsAreKeptOnSuccessAndOnFailure() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            if (call.itemId().equals("item-0") && n.get() == 1) {
                return Mono.error(new ValidationFailedException("bad json", "{", List.of(), java.util.Map.of(),
                        new TokenUsage(50, 20, 10), null));
            }
            if (call.itemId().equals("item-1")) {
                return Mono.error(new ValidationFailedException("bad json", "{", List.of(), java.util.Map.of(),
                        TokenUsage.of(5, 5), null));
            }
            return Mono.just(new LLMResponse<>("ok", TokenUsage.of(60, 30), "m"));
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        BatchResult<String, Void> b = processor.processAll(Fixtures.items(strategy, 2)).block();
        assertThat(b.results().get(0).usage()).isEqualTo(new TokenUsage(110, 50, 10));
        assertThat(b.results().get(1).usage()).as("3 failed attempts").isEqualTo(TokenUsage.of(15, 15));
        assertThat(b.usage()).isEqualTo(new TokenUsage(125, 65, 10));
        assertThat(processor.stats().usage()).isEqualTo(b.usage());
    }

    @Test
    void aDuplicateItemIdFailsThatItemOnlyWithAClearError() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        BatchResult<String, Void> b = processor.processAll(List.of(LLMWorkItem.of("a", strategy, "1"),
                LLMWorkItem.of("b", strategy, "2"), LLMWorkItem.of("a", strategy, "3"))).block();
        assertThat(b.results()).extracting(WorkItemResult::success).containsExactly(true, true, false);
        assertThat(b.results().get(2).error().message()).contains("duplicate itemId 'a'");
        assertThat(strategy.calls).hasSize(2);
    }

    @Test
    void workItemsRefuseMissingFieldsNamingFieldAndItem() {
        LLMCallStrategy<String> s = (p, a) -> Mono.empty();
        assertThatThrownBy(() -> LLMWorkItem.of("x", s, null)).hasMessageContaining("prompt")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> LLMWorkItem.of("x", null, "p")).hasMessageContaining("strategy");
        assertThatThrownBy(() -> LLMWorkItem.of(" ", s, "p")).hasMessageContaining("itemId");
        var processor = ParallelBatchProcessor.<String, Void>builder().build();
        List<LLMWorkItem<String, Void>> withNull = new java.util.ArrayList<>();
        withNull.add(LLMWorkItem.of("x", s, "p"));
        withNull.add(null);
        assertThatThrownBy(() -> processor.processAll(withNull)).hasMessageContaining("items[1]");
    }

    @Test
    void promptsNeverAppearInToString() {
        LLMWorkItem<String, Void> item = LLMWorkItem.of("id-1", (p, a) -> Mono.empty(), "my SSN is 123-45-6789");
        assertThat(item.toString()).contains("id-1").doesNotContain("123-45-6789");
    }

    @Test
    void statsCountEverything() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> n.get() == 1
                ? Mono.error(new TransientProviderException("503")) : Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 10))).subscribe(results::add);
        vts.advanceTimeBy(Duration.ofSeconds(5));
        ProcessorStats stats = processor.stats();
        assertThat(stats.started()).isEqualTo(10);
        assertThat(stats.succeeded()).isEqualTo(10);
        assertThat(stats.retries()).isEqualTo(10);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.latency().p50()).isEqualTo(Duration.ofSeconds(1));
    }
}
