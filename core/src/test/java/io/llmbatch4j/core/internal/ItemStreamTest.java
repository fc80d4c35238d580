package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.core.WorkItemResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;
import reactor.test.util.RaceTestUtils;

/**
 * The run's source operator and its result serializer ({@link ItemStream}, {@link ResultEmitter}):
 * a {@link TestPublisher} source, a {@link TestSubscriber} downstream, calls answered from a
 * {@link TestPublisher} each, and races between their signals.
 */
class ItemStreamTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Scheduler racer = Schedulers.newParallel("race", 2);

    @AfterEach
    void tearDown() {
        racer.dispose();
        vts.dispose();
    }

    /** Each call is a fresh TestPublisher; cleanup() is counted (it runs once the run's items have all ended). */
    static final class Calls implements LLMCallStrategy<String> {
        final List<TestPublisher<LLMResponse<String>>> made = new CopyOnWriteArrayList<>();
        final AtomicInteger cleanups = new AtomicInteger();

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            TestPublisher<LLMResponse<String>> tp = TestPublisher.create();
            made.add(tp);
            return tp.mono();
        }

        @Override
        public Mono<Void> cleanup() {
            return Mono.fromRunnable(cleanups::incrementAndGet);
        }
    }

    private ParallelBatchProcessor<String, Void> processor(int maxWorkers, int ceiling) {
        return ParallelBatchProcessor.<String, Void>builder().scheduler(vts).eventScheduler(Schedulers.immediate())
                .config(ProcessorConfig.builder().maxWorkers(maxWorkers).workerCeiling(ceiling).build()).build();
    }

    @Test
    void neverTakesMoreThanTheCeilingAheadOfWhatItEmitted() {
        Calls calls = new Calls();
        TestPublisher<LLMWorkItem<String, Void>> source = TestPublisher.create();
        try (ParallelBatchProcessor<String, Void> p = processor(2, 8)) {
            TestSubscriber<WorkItemResult<String, Void>> down = TestSubscriber.create();
            p.process(source.flux()).subscribe(down);
            source.assertMinRequested(8).assertMaxRequested(8);
            for (int i = 0; i < 8; i++) {
                source.next(LLMWorkItem.of("i" + i, calls, "p"));
            }
            source.assertMaxRequested(0); // 2 calls running, 6 waiting for a worker: nothing more until results go
            for (int k = 0; k < 6; k++) { // a worker frees, the next waiting item calls
                calls.made.get(k).emit(LLMResponse.of("a" + k));
            }
            assertThat(down.getReceivedOnNext()).hasSize(6);
            source.assertMinRequested(6).assertMaxRequested(6); // asked again, in one batch, for what left
            down.cancel();
        }
    }

    @Test
    void aCancelRacingAnItemsEndLeavesEveryItemEndedOnceAndTheRunCleanedUp() {
        for (int round = 0; round < 1_000; round++) {
            Calls calls = new Calls();
            try (ParallelBatchProcessor<String, Void> p = processor(4, 16)) {
                TestSubscriber<WorkItemResult<String, Void>> down = TestSubscriber.create();
                p.process(reactor.core.publisher.Flux.range(0, 4).map(i -> LLMWorkItem.of("i" + i, calls, "p")))
                        .subscribe(down);
                assertThat(calls.made).hasSize(4);
                TestPublisher<LLMResponse<String>> first = calls.made.get(0);
                RaceTestUtils.race(racer, down::cancel, () -> first.emit(LLMResponse.of("a")));
                ProcessorStats s = p.stats();
                assertThat(s.succeeded() + s.failed()).as("every item ended, once").isEqualTo(4);
                assertThat(s.inFlight()).isZero();
                assertThat(calls.cleanups).as("the run ended: cleanup once").hasValue(1);
                assertThat(down.getReceivedOnNext().size()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aCloseRacingTheSourcesEndCompletesTheStreamOnceWithEveryItemAccountedFor() {
        for (int round = 0; round < 1_000; round++) {
            Calls calls = new Calls();
            TestPublisher<LLMWorkItem<String, Void>> source = TestPublisher.create();
            ParallelBatchProcessor<String, Void> p = processor(4, 16);
            TestSubscriber<WorkItemResult<String, Void>> down = TestSubscriber.create();
            p.process(source.flux()).subscribe(down);
            source.next(LLMWorkItem.of("a", calls, "p"), LLMWorkItem.of("b", calls, "p"));
            RaceTestUtils.race(racer, () -> p.closeAsync().subscribe(), source::complete);
            assertThat(down.isTerminatedComplete()).as("close is not an error of the stream").isTrue();
            assertThat(down.getReceivedOnNext()).hasSize(2);
            assertThat(p.stats().inFlight()).isZero();
        }
    }

    @Test
    void resultsEndingTogetherAreEachEmittedOnce() {
        for (int round = 0; round < 1_000; round++) {
            Calls calls = new Calls();
            try (ParallelBatchProcessor<String, Void> p = processor(4, 16)) {
                TestSubscriber<WorkItemResult<String, Void>> down = TestSubscriber.create();
                p.process(reactor.core.publisher.Flux.range(0, 2).map(i -> LLMWorkItem.of("i" + i, calls, "p")))
                        .subscribe(down);
                RaceTestUtils.race(racer, () -> calls.made.get(0).emit(LLMResponse.of("a")),
                        () -> calls.made.get(1).emit(LLMResponse.of("b")));
                assertThat(down.getReceivedOnNext()).extracting(WorkItemResult::output)
                        .containsExactlyInAnyOrder("a", "b");
                assertThat(down.isTerminatedComplete()).isTrue();
            }
        }
    }
}
