package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.util.RaceTestUtils;
import reactor.test.scheduler.VirtualTimeScheduler;

/** What close() and a cancelled subscriber do to a run in flight: no call after, no result lost. */
class CloseAndCancelTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    /**
     * Two workers. item-0 is rate limited at 0.5 s (retry-after 30 s): its retry waits for the
     * cooldown in the gate's queue. item-1 fails at 0.2 s and waits 20 s in backoff. item-2 runs
     * (never answers), item-3 waits for a worker. Closing at 10 s starts no call of any of them.
     */
    @Test
    void noCallStartsOnceCloseHasBegunNotAWaitingRetryNorOneInBackoffNorAQueuedItem() {
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> switch (call.itemId()) {
            case "item-0" -> Mono.delay(Duration.ofMillis(500), vts)
                    .then(Mono.error(new RateLimitException("429", Duration.ofSeconds(30))));
            case "item-1" -> Mono.delay(Duration.ofMillis(200), vts)
                    .then(Mono.error(new TransientProviderException("503")));
            default -> Mono.never();
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2)
                .retry(Fixtures.retries().initialBackoff(Duration.ofSeconds(20)).build()).build()).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        AtomicReference<String> end = new AtomicReference<>("running");
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 4)))
                .subscribe(results::add, e -> end.set("error: " + e), () -> end.set("completed"));

        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(processor.stats().cooldownActive()).isTrue();
        assertThat(strategy.calls).extracting(Fixtures.Call::itemId).containsExactly("item-0", "item-1", "item-2");

        processor.closeAsync().subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(10));

        assertThat(strategy.calls).as("calls after close").hasSize(3);
        assertThat(end).hasValue("completed");
        assertThat(results).hasSize(4).allSatisfy(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.CANCELLED);
            assertThat(r.error().message()).contains("closed");
        });
    }

    @Test
    void closeDuringAStreamEmitsEveryUnfinishedItemAsCancelledThenCompletes() {
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0")
                ? Mono.just(LLMResponse.of("fast")) : Mono.never());
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).build()).build();

        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(strategy, 5))),
                        () -> vts, Long.MAX_VALUE)
                .expectNextMatches(r -> r.itemId().equals("item-0") && r.success())
                .then(() -> processor.closeAsync().subscribe())
                .expectNextCount(4)
                .verifyComplete();
        assertThat(processor.stats().failed()).isEqualTo(4);
        assertThat(processor.stats().inFlight()).isZero();
    }

    @Test
    void processAllClosedMidRunAccountsForEveryItemIncludingThoseNeverTaken() {
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0")
                ? Mono.just(LLMResponse.of("fast")) : Mono.never());
        // a ceiling of 4: the run has taken only a few of the 10 items when it is closed
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).workerCeiling(4).build())
                .build();
        AtomicReference<BatchResult<String, Void>> out = new AtomicReference<>();
        List<Throwable> errors = new ArrayList<>();
        processor.processAll(Fixtures.items(strategy, 10)).subscribe(out::set, errors::add);
        vts.advanceTimeBy(Duration.ofSeconds(1));

        processor.closeAsync().subscribe();

        assertThat(errors).isEmpty();
        BatchResult<String, Void> b = out.get();
        assertThat(b.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(b.results()).hasSize(10);
        assertThat(b.results()).extracting(WorkItemResult::itemId)
                .containsExactlyElementsOf(Fixtures.items(strategy, 10).stream().map(LLMWorkItem::itemId).toList());
        assertThat(b.succeeded()).isEqualTo(1);
        assertThat(b.results()).filteredOn(r -> !r.success()).hasSize(9)
                .allSatisfy(r -> assertThat(r.errorKind()).isEqualTo(ErrorKind.CANCELLED));
        assertThat(b.results()).filteredOn(r -> !r.success()).last()
                .satisfies(r -> assertThat(r.attempts()).isZero());
    }

    /** Records what afterProcess sees; its afterProcess for item-0 takes 2 s. */
    private static Middleware<String, Void> journal(VirtualTimeScheduler vts, List<String> seen) {
        return new Middleware<>() {
            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> r) {
                Mono<WorkItemResult<String, Void>> write = Mono.fromRunnable(() -> seen.add(r.itemId() + ":"
                        + (r.success() ? "ok" : r.errorKind())));
                return r.itemId().equals("item-0") ? Mono.delay(Duration.ofSeconds(2), vts).then(write) : write;
            }
        };
    }

    @Test
    void aCancelledSubscriberStopsHearingButMiddlewareAndObserversSeeEveryItemEnd() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0")
                ? Mono.delay(Duration.ofSeconds(1), vts).thenReturn(LLMResponse.of("paid for")) : Mono.never());
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).build())
                .middleware(journal(vts, seen)).observer(events::add).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        Disposable run = processor.process(Flux.fromIterable(Fixtures.items(strategy, 4))).subscribe(results::add);

        vts.advanceTimeBy(Duration.ofMillis(1500)); // item-0 answered at 1 s; its journal write ends at 3 s
        run.dispose();
        assertThat(seen).as("cancelled items end through afterProcess at once")
                .containsExactlyInAnyOrder("item-1:CANCELLED", "item-2:CANCELLED", "item-3:CANCELLED");
        assertThat(events).noneMatch(ProcessingEvent.BatchCompleted.class::isInstance);
        vts.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(results).as("the subscriber asked to stop").isEmpty();
        assertThat(seen).as("the answer already paid for is journaled, not cut off").contains("item-0:ok");
        assertThat(events).filteredOn(ProcessingEvent.ItemSucceeded.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(ProcessingEvent.ItemFailed.class::isInstance).hasSize(3);
        assertThat(events.get(events.size() - 1)).as("the run ends after its items")
                .isInstanceOf(ProcessingEvent.BatchCompleted.class);
        assertThat(processor.stats().completed()).isEqualTo(4);
    }

    @Test
    void closeLetsAnAfterProcessInProgressFinishAndEmitsThatResult() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0")
                ? Mono.delay(Duration.ofSeconds(1), vts).thenReturn(LLMResponse.of("paid for")) : Mono.never());
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).build())
                .middleware(journal(vts, seen)).build();

        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(strategy, 3))),
                        () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofMillis(1500))
                .then(() -> processor.closeAsync().subscribe())
                .expectNextMatches(r -> r.errorKind() == ErrorKind.CANCELLED)
                .expectNextMatches(r -> r.errorKind() == ErrorKind.CANCELLED)
                .thenAwait(Duration.ofSeconds(2))
                .expectNextMatches(r -> r.itemId().equals("item-0") && r.success())
                .verifyComplete();
        assertThat(seen).containsExactlyInAnyOrder("item-0:ok", "item-1:CANCELLED", "item-2:CANCELLED");
    }

    /**
     * close() races a source that starts items on its own thread while calls end on others: every
     * item the run took gets exactly one result, in the stream, and the stream completes.
     */
    @Test
    void closeRacingTheSourceLosesNoItemTaken() throws InterruptedException {
        for (int round = 0; round < 100; round++) {
            AtomicInteger startedEvents = new AtomicInteger();
            AtomicInteger endedEvents = new AtomicInteger();
            LLMCallStrategy<Integer> mixed = (prompt, attempt) -> prompt.equals("hang")
                    ? Mono.never() : Mono.fromSupplier(() -> LLMResponse.of(1)).subscribeOn(Schedulers.parallel());
            var processor = ParallelBatchProcessor.<Integer, Void>builder()
                    .config(ProcessorConfig.builder().maxWorkers(round % 2 == 0 ? 8 : 200).workerCeiling(256).build())
                    .eventScheduler(Schedulers.immediate())
                    .observer(e -> {
                        if (e instanceof ProcessingEvent.ItemStarted) {
                            startedEvents.incrementAndGet();
                        } else if (e instanceof ProcessingEvent.ItemSucceeded || e instanceof ProcessingEvent.ItemFailed) {
                            endedEvents.incrementAndGet();
                        }
                    }).build();
            Scheduler sourceThread = Schedulers.newSingle("source");
            CountDownLatch someTaken = new CountDownLatch(1 + round * 7 % 300);
            Flux<LLMWorkItem<Integer, Void>> source = Flux.range(0, 20_000)
                    .map(i -> LLMWorkItem.of("i" + i, mixed, i % 500 == 7 ? "hang" : "p"))
                    .doOnNext(i -> someTaken.countDown())
                    .subscribeOn(sourceThread);
            List<WorkItemResult<Integer, Void>> results = new CopyOnWriteArrayList<>();
            CountDownLatch completed = new CountDownLatch(1);
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            processor.process(source).subscribe(results::add, errors::add, completed::countDown);
            assertThat(someTaken.await(10, TimeUnit.SECONDS)).isTrue();

            processor.closeAsync().block(Duration.ofSeconds(10));

            assertThat(completed.await(10, TimeUnit.SECONDS)).as("round %d: the stream completes", round).isTrue();
            assertThat(errors).isEmpty();
            ProcessorStats stats = processor.stats();
            assertThat(results).as("round %d: one result per item taken", round).hasSize((int) stats.started());
            assertThat(results.stream().map(WorkItemResult::itemId).distinct().count()).isEqualTo(results.size());
            assertThat(results).allMatch(r -> r.success() || r.errorKind() == ErrorKind.CANCELLED);
            assertThat(stats.completed()).isEqualTo(stats.started());
            // no permit leaks; one may still be in a worker thread's hand for a moment, offered to a
            // waiter the close has just cancelled (it refuses it and the gate takes it back)
            for (int spin = 0; spin < 10_000_000 && processor.stats().inFlight() != 0; spin++) {
                Thread.onSpinWait();
            }
            assertThat(processor.stats().inFlight()).isZero();
            assertThat(endedEvents.get()).as("round %d: observers saw every item end", round)
                    .isEqualTo(startedEvents.get()).isEqualTo((int) stats.started());
            sourceThread.disposeGracefully().block(Duration.ofSeconds(10));
        }
    }

    /**
     * One item arriving exactly as close() runs: it is either taken and answered, or not taken at
     * all. Its strategy's scopeKey (asked as the item is taken) is slow, which widens the moment
     * between the item's arrival and its start in which a close must not be missed.
     */
    @Test
    void anItemArrivingAsCloseRunsIsEitherAnsweredOrNotTaken() {
        LLMCallStrategy<Integer> slowScope = new LLMCallStrategy<>() {
            @Override
            public Mono<LLMResponse<Integer>> execute(String prompt, Attempt attempt) {
                return Mono.just(LLMResponse.of(1));
            }

            @Override
            public String scopeKey(String prompt) {
                for (int i = 0; i < 2_000; i++) {
                    Thread.onSpinWait();
                }
                return "m";
            }
        };
        for (int round = 0; round < 2_000; round++) {
            var processor = ParallelBatchProcessor.<Integer, Void>builder()
                    .config(ProcessorConfig.builder().defaultScopeLimit(100).build()).build();
            TestPublisher<LLMWorkItem<Integer, Void>> source = TestPublisher.createNoncompliant(
                    TestPublisher.Violation.CLEANUP_ON_TERMINATE);
            List<WorkItemResult<Integer, Void>> results = new CopyOnWriteArrayList<>();
            AtomicInteger completed = new AtomicInteger();
            processor.process(source).subscribe(results::add, e -> { }, completed::incrementAndGet);
            source.next(LLMWorkItem.of("first", slowScope, "p"));

            RaceTestUtils.race(() -> source.next(LLMWorkItem.of("racing", slowScope, "p")),
                    () -> processor.closeAsync().subscribe());

            assertThat(completed).as("round %d", round).hasValue(1);
            assertThat(results).as("round %d: one result per item taken", round)
                    .hasSize((int) processor.stats().started());
        }
    }
}
