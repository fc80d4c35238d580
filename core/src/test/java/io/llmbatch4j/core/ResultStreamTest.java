package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** How a run's results stream out: demand, order, errors and cancellation racing with the source. */
class ResultStreamTest {

    @Test
    void aSlowSubscriberGetsOnlyWhatItRequestsAndTheRunStaysWithinTheCeiling() {
        LLMCallStrategy<Integer> instant = (prompt, attempt) -> Mono.just(LLMResponse.of(1));
        var processor = ParallelBatchProcessor.<Integer, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(4).workerCeiling(16).build()).build();
        AtomicLong taken = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicLong maxAhead = new AtomicLong();
        Flux<LLMWorkItem<Integer, Void>> source = Flux.range(0, 1_000)
                .map(i -> LLMWorkItem.of("i" + i, instant, "p"))
                .doOnNext(i -> maxAhead.accumulateAndGet(taken.incrementAndGet() - consumed.get(), Math::max));

        StepVerifier.create(processor.process(source).doOnNext(r -> consumed.incrementAndGet()), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .then(() -> assertThat(taken).as("items taken before any demand").hasValueLessThanOrEqualTo(16))
                .thenRequest(5)
                .expectNextCount(5)
                .then(() -> assertThat(taken).hasValueLessThanOrEqualTo(5 + 16))
                .thenRequest(995)
                .expectNextCount(995)
                .verifyComplete();
        assertThat(maxAhead).as("items taken but not yet consumed, at most").hasValueLessThanOrEqualTo(16);
    }

    @Test
    void withTheWorkerLimitNearTheCeilingEveryWorkerStaysBusy() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(1));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(30).workerCeiling(32).build())
                .build();
        AtomicLong completed = new AtomicLong();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 3_000))).subscribe(r -> completed.incrementAndGet());
        vts.advanceTimeBy(Duration.ofSeconds(100));
        assertThat(completed).as("30 workers × 100 one-second calls").hasValue(3_000);
        assertThat(strategy.maxInFlight).hasValue(30);
    }

    @Test
    void closingTheProcessorStopsARunWhoseItemsAllEndDuringSubscribe() {
        AtomicInteger calls = new AtomicInteger();
        ParallelBatchProcessor<Integer, Void>[] holder = new ParallelBatchProcessor[1];
        LLMCallStrategy<Integer> instant = (prompt, attempt) -> {
            if (calls.incrementAndGet() == 100) {
                holder[0].closeAsync().subscribe();
            }
            return Mono.just(LLMResponse.of(1));
        };
        holder[0] = ParallelBatchProcessor.<Integer, Void>builder().build();
        List<LLMWorkItem<Integer, Void>> items = IntStream.range(0, 10_000)
                .mapToObj(i -> LLMWorkItem.of("i" + i, instant, "p")).toList();

        StepVerifier.create(holder[0].processAll(items))
                .assertNext(b -> {
                    assertThat(b.outcome()).isEqualTo(RunOutcome.CANCELLED);
                    assertThat(b.results()).hasSize(10_000);
                    assertThat(b.succeeded()).as("the call running as close began finishes").isEqualTo(100);
                    assertThat(b.results().get(100).error().message()).contains("closed");
                })
                .verifyComplete();
        assertThat(calls).as("the close stopped the source at once").hasValue(100);
    }

    @Test
    void resultsWaitingForDemandComeOutInTheOrderTheirItemsEnded() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            int i = Integer.parseInt(call.itemId().substring(5));
            return Mono.delay(Duration.ofSeconds(10 - i), vts).thenReturn(LLMResponse.of("r" + i));
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(10).build()).build();
        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(strategy, 5))),
                        () -> vts, 0)
                .thenAwait(Duration.ofSeconds(20))
                .expectNoEvent(Duration.ofSeconds(1))
                .thenRequest(2)
                .expectNextMatches(r -> r.itemId().equals("item-4"))
                .expectNextMatches(r -> r.itemId().equals("item-3"))
                .thenRequest(10)
                .expectNextMatches(r -> r.itemId().equals("item-2"))
                .expectNextMatches(r -> r.itemId().equals("item-1"))
                .expectNextMatches(r -> r.itemId().equals("item-0"))
                .verifyComplete();
    }

    @Test
    void aSourceErrorCancelsTheRunningItemsAndEndsTheStreamWithThatError() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(10).build()).build();
        Flux<LLMWorkItem<String, Void>> source = Flux.concat(Flux.fromIterable(Fixtures.items(strategy, 3)),
                Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(new IllegalStateException("source broke"))));
        StepVerifier.withVirtualTime(() -> processor.process(source), () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1))
                .verifyErrorMessage("source broke");
        assertThat(strategy.cancelled).hasValue(3);
        assertThat(processor.stats().inFlight()).isZero();
        assertThat(processor.stats().failed()).as("each cancelled item ends once").isEqualTo(3);
    }

    @Test
    void aNullItemFromTheSourceFailsTheRunNamingItsPosition() {
        LLMCallStrategy<Integer> instant = (prompt, attempt) -> Mono.just(LLMResponse.of(1));
        Publisher<LLMWorkItem<Integer, Void>> broken = s -> s.onSubscribe(new Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (!sent) {
                    sent = true;
                    s.onNext(LLMWorkItem.of("first", instant, "p"));
                    s.onNext(null);
                }
            }

            @Override
            public void cancel() {
            }
        });
        var processor = ParallelBatchProcessor.<Integer, Void>builder().build();
        StepVerifier.create(processor.process(broken))
                .expectNextMatches(r -> r.itemId().equals("first"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(NullPointerException.class)
                        .hasMessageContaining("item #1"))
                .verify(Duration.ofSeconds(10));
    }

    /**
     * The source starts items on its own thread while the subscriber cancels from another: an item
     * that starts its call as the cancel goes through must still be cancelled (none left running),
     * and one that starts after must not call at all.
     */
    @Test
    void cancellingWhileTheSourceStartsItemsLeavesNoCallRunning() throws InterruptedException {
        for (int round = 0; round < 100; round++) {
            AtomicInteger started = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            LLMCallStrategy<Integer> hanging = (prompt, attempt) -> Mono.<LLMResponse<Integer>>never()
                    .doOnSubscribe(s -> started.incrementAndGet())
                    .doOnCancel(cancelled::incrementAndGet);
            int workers = round % 2 == 0 ? 1_000 : 50; // odd rounds: most items wait in the gate's queue
            // every third round has a batch deadline: items then register as they start, not after
            GuardrailConfig guardrails = round % 3 == 0
                    ? GuardrailConfig.builder().batchDeadline(Duration.ofHours(1)).build() : GuardrailConfig.defaults();
            var processor = ParallelBatchProcessor.<Integer, Void>builder()
                    .config(ProcessorConfig.builder().maxWorkers(workers).workerCeiling(1_000).guardrails(guardrails)
                            .build()).build();
            Scheduler sourceThread = Schedulers.newSingle("source");
            CountDownLatch someStarted = new CountDownLatch(1 + round % 40);
            Flux<LLMWorkItem<Integer, Void>> source = Flux.range(0, 5_000)
                    .map(i -> LLMWorkItem.of("i" + i, hanging, "p"))
                    .doOnNext(i -> someStarted.countDown())
                    .subscribeOn(sourceThread);
            Disposable run = processor.process(source).subscribe();
            assertThat(someStarted.await(10, TimeUnit.SECONDS)).isTrue();
            run.dispose();
            sourceThread.disposeGracefully().block(Duration.ofSeconds(10));

            assertThat(cancelled.get()).as("round %d: calls started %d", round, started.get())
                    .isEqualTo(started.get());
            ProcessorStats stats = processor.stats();
            assertThat(stats.inFlight()).as("round %d", round).isZero();
            assertThat(stats.completed()).as("round %d: every item started has ended", round)
                    .isEqualTo(stats.started());
            processor.close();
        }
    }
}
