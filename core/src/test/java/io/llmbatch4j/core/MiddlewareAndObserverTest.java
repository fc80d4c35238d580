package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class MiddlewareAndObserverTest {

    /** Logs its calls into a shared list. */
    record Recording(String name, List<String> log) implements Middleware<String, Void> {
        @Override
        public Mono<MiddlewareDecision<String, Void>> beforeProcess(LLMWorkItem<String, Void> item) {
            log.add(name + ".before(" + item.itemId() + ")");
            return Mono.empty();
        }

        @Override
        public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
            log.add(name + ".after(" + result.itemId() + ")");
            return Mono.empty();
        }

        @Override
        public Mono<Void> onRetry(LLMWorkItem<String, Void> item, int failedAttempt, ErrorInfo error) {
            log.add(name + ".onRetry(" + item.itemId() + "," + failedAttempt + "," + error.kind() + ")");
            return Mono.empty();
        }
    }

    @Test
    void beforeRunsInRegistrationOrderAfterInReverseOncePerItemAndOnRetryOnEachRetry() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<String> log = new CopyOnWriteArrayList<>();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> n.get() < 3
                ? Mono.error(new TransientProviderException("503")) : Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build())
                .middleware(new Recording("A", log), new Recording("B", log)).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(log).containsExactly("A.before(item-0)", "B.before(item-0)",
                "A.onRetry(item-0,1,TRANSIENT)", "B.onRetry(item-0,1,TRANSIENT)",
                "A.onRetry(item-0,2,TRANSIENT)", "B.onRetry(item-0,2,TRANSIENT)",
                "B.after(item-0)", "A.after(item-0)");
    }

    @Test
    void beforeProcessCanAnswerWithoutCallingTheStrategy() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<String> log = new CopyOnWriteArrayList<>();
        Map<String, String> cache = new ConcurrentHashMap<>(Map.of("prompt 1", "cached answer"));
        Middleware<String, Void> cacheMiddleware = new Middleware<>() {
            @Override
            public Mono<MiddlewareDecision<String, Void>> beforeProcess(LLMWorkItem<String, Void> item) {
                String hit = cache.get(item.prompt());
                return hit == null ? Mono.empty() : Mono.just(MiddlewareDecision.answer(WorkItemResult.success(
                        item.itemId(), hit, TokenUsage.ZERO, 0, Duration.ZERO, "cache", item.context())));
            }
        };
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("fresh")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build())
                .middleware(new Recording("outer", log), cacheMiddleware, new Recording("inner", log)).build();
        BatchResult<String, Void> result = processor.processAll(Fixtures.items(strategy, 3)).block();

        assertThat(result.results()).extracting(WorkItemResult::output).containsExactly("fresh", "cached answer", "fresh");
        assertThat(strategy.perItem).doesNotContainKey("item-1");
        assertThat(log).filteredOn(l -> l.contains("item-1")).containsExactly("outer.before(item-1)", "outer.after(item-1)");
    }

    @Test
    void aFailingBeforeProcessFailsOnlyItsItemAndAFailingAfterProcessKeepsTheResult() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Middleware<String, Void> picky = new Middleware<>() {
            @Override
            public Mono<MiddlewareDecision<String, Void>> beforeProcess(LLMWorkItem<String, Void> item) {
                return item.itemId().equals("item-0") ? Mono.error(new IllegalStateException("nope")) : Mono.empty();
            }

            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
                throw new IllegalStateException("disk full");
            }
        };
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).middleware(picky).build();
        BatchResult<String, Void> result = processor.processAll(Fixtures.items(strategy, 2)).block();
        assertThat(result.results().get(0).errorKind()).isEqualTo(ErrorKind.PERMANENT);
        assertThat(result.results().get(0).error().message()).contains("beforeProcess").contains("nope");
        assertThat(result.results().get(1).output()).isEqualTo("ok");
    }

    @Test
    void observersGetEveryEventPairedAndTheTerminalEventComesAfterAfterProcess() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<Object> timeline = new CopyOnWriteArrayList<>();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) ->
                call.itemId().equals("item-1") && n.get() == 1 ? Mono.error(new TransientProviderException("503"))
                        : Mono.just(new LLMResponse<>("ok", TokenUsage.of(7, 3), "m1")));
        Middleware<String, Void> journal = new Middleware<>() {
            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
                timeline.add("journal:" + result.itemId());
                return Mono.empty();
            }
        };
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).middleware(journal)
                .observer(timeline::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 3))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        List<ProcessingEvent> events = timeline.stream().filter(ProcessingEvent.class::isInstance)
                .map(ProcessingEvent.class::cast).toList();
        Map<Class<?>, Long> counts = events.stream().collect(Collectors.groupingBy(Object::getClass,
                Collectors.counting()));
        assertThat(counts).containsEntry(ProcessingEvent.BatchStarted.class, 1L)
                .containsEntry(ProcessingEvent.BatchCompleted.class, 1L)
                .containsEntry(ProcessingEvent.ItemStarted.class, 3L)
                .containsEntry(ProcessingEvent.ItemSucceeded.class, 3L)
                .containsEntry(ProcessingEvent.AttemptStarted.class, 4L)
                .containsEntry(ProcessingEvent.AttemptEnded.class, 4L)
                .containsEntry(ProcessingEvent.ItemRetrying.class, 1L);
        for (int i = 0; i < 3; i++) {
            String id = "item-" + i;
            int journalAt = timeline.indexOf("journal:" + id);
            int terminalAt = indexOf(timeline, e -> e instanceof ProcessingEvent.ItemSucceeded s && s.itemId().equals(id));
            assertThat(journalAt).isNotNegative().isLessThan(terminalAt);
        }
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(ProcessingEvent.BatchCompleted.class, b -> {
            assertThat(b.succeeded()).isEqualTo(3);
            assertThat(b.usage()).isEqualTo(TokenUsage.of(21, 9));
        });
    }

    private static int indexOf(List<Object> list, java.util.function.Predicate<Object> p) {
        for (int i = 0; i < list.size(); i++) {
            if (p.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void anObserverThatThrowsNeverBreaksProcessingAndOthersStillGetEverything() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<ProcessingEvent> seen = new CopyOnWriteArrayList<>();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build())
                .observer(e -> {
                    throw new IllegalStateException("observer bug");
                }, seen::add).build();
        BatchResult<String, Void> result = processor.processAll(Fixtures.items(strategy, 50)).block();
        assertThat(result.succeeded()).isEqualTo(50);
        assertThat(seen).filteredOn(ProcessingEvent.ItemSucceeded.class::isInstance).hasSize(50);
    }

    @Test
    void aBlockedObserverNeitherStallsTheRunNorHoldsMoreThanItsBuffer() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        LLMCallStrategy<String> strategy = (p, a) -> Mono.just(LLMResponse.of(p));
        var processor = ParallelBatchProcessor.<String, Void>builder()
                .config(ProcessorConfig.builder().observerBufferSize(100)
                        .observerFlushTimeout(Duration.ofMillis(50)).build())
                .eventScheduler(Schedulers.boundedElastic())
                .observer(e -> {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        try {
            BatchResult<String, Void> result = processor.processAll(Fixtures.items(strategy, 1000))
                    .block(Duration.ofSeconds(20));
            assertThat(result.succeeded()).isEqualTo(1000);
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            // 1000 items make about 4000 events; the blocked observer can hold only 100 of them
            assertThat(processor.stats().droppedEvents()).isGreaterThan(3000);
        } finally {
            release.countDown();
        }
    }

    @Test
    void exactlyOneTerminalEventPerItemAlsoWhenTheRunIsCancelled() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).build())
                .observer(events::add).build();
        var run = processor.process(Flux.fromIterable(Fixtures.items(strategy, 10))).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(15));
        run.dispose();
        List<String> started = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (ProcessingEvent e : events) {
            if (e instanceof ProcessingEvent.ItemStarted s) {
                started.add(s.itemId());
            } else if (e instanceof ProcessingEvent.ItemSucceeded s) {
                ended.add(s.itemId());
            } else if (e instanceof ProcessingEvent.ItemFailed f) {
                ended.add(f.itemId());
                assertThat(f.error().kind()).isEqualTo(ErrorKind.CANCELLED);
            }
        }
        assertThat(ended).containsExactlyInAnyOrderElementsOf(started);
        assertThat(events).filteredOn(ProcessingEvent.BatchCompleted.class::isInstance).hasSize(1);
    }
}
