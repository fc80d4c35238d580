package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Every way a run can end leaves the events paired and the counters settled. */
class RunEndsTest {

    /** How the run in {@link #everyAttemptStartedGetsExactlyOneAttemptEnded} ends while calls hang. */
    enum End {
        SUBSCRIBER_CANCELS, PROCESSOR_CLOSED, ITEM_DEADLINE, FAIL_FAST_ABORT, BATCH_DEADLINE_CANCEL, SOURCE_ERROR,
        ATTEMPT_TIMEOUT
    }

    @ParameterizedTest
    @EnumSource(End.class)
    void everyAttemptStartedGetsExactlyOneAttemptEnded(End end) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        // item-0 fails for good at 1 s (it aborts the run under fail-fast); every other call hangs
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0")
                ? Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(new PermanentProviderException("400")))
                : Mono.never());
        ProcessorConfig.Builder config = Fixtures.config().maxWorkers(3).timeoutPerItem(Duration.ofSeconds(30))
                .retry(Fixtures.retries().maxAttempts(1).build());
        switch (end) {
            case ITEM_DEADLINE -> config.totalTimeoutPerItem(Duration.ofSeconds(5));
            case FAIL_FAST_ABORT -> config.guardrails(GuardrailConfig.builder()
                    .failFastOn(java.util.Set.of(ErrorKind.PERMANENT)).build());
            case BATCH_DEADLINE_CANCEL -> config.guardrails(GuardrailConfig.builder()
                    .batchDeadline(Duration.ofSeconds(5)).batchDeadlineMode(BatchDeadlineMode.CANCEL).build());
            default -> { }
        }
        var processor = Fixtures.<String>processor(vts, config.build()).observer(events::add).build();
        Flux<LLMWorkItem<String, Void>> items = Flux.fromIterable(Fixtures.items(strategy, 6));
        if (end == End.SOURCE_ERROR) {
            items = items.concatWith(Mono.delay(Duration.ofSeconds(5), vts).then(Mono.error(new IllegalStateException("x"))));
        }
        Disposable run = processor.process(items).subscribe(r -> { }, e -> { });
        vts.advanceTimeBy(Duration.ofSeconds(2));
        if (end == End.SUBSCRIBER_CANCELS) {
            run.dispose();
        } else if (end == End.PROCESSOR_CLOSED) {
            processor.closeAsync().subscribe();
        }
        vts.advanceTimeBy(Duration.ofMinutes(5));

        Map<String, Integer> open = new HashMap<>();
        for (ProcessingEvent e : events) {
            if (e instanceof ProcessingEvent.AttemptStarted s) {
                assertThat(open.merge(s.itemId(), 1, Integer::sum)).as("%s: one attempt at a time", s.itemId()).isOne();
            } else if (e instanceof ProcessingEvent.AttemptEnded a) {
                assertThat(open.remove(a.itemId())).as("%s: ended attempt was started", a.itemId()).isOne();
            }
        }
        assertThat(open).as("attempts started and never ended").isEmpty();
        assertThat(events).filteredOn(ProcessingEvent.AttemptStarted.class::isInstance).hasSizeGreaterThanOrEqualTo(3);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ProcessingEvent.BatchCompleted.class);
        assertThat(processor.stats().inFlight()).isZero();
        assertThat(processor.stats().completed()).isEqualTo(processor.stats().started());
    }

    /**
     * The last item ends on a worker thread after the source completed: its end completes the
     * stream. stats() read in onComplete must already count it as done.
     */
    @RepeatedTest(3)
    void statsAreSettledWhenTheResultStreamCompletes() {
        LLMCallStrategy<Integer> async = (prompt, attempt) -> Mono.fromSupplier(() -> LLMResponse.of(1))
                .subscribeOn(Schedulers.parallel());
        var processor = ParallelBatchProcessor.<Integer, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(4).build()).build();
        AtomicInteger unsettled = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        Consumer<ProcessorStats> check = s -> {
            if (s.inFlight() != 0 || s.completed() != s.started()) {
                unsettled.incrementAndGet();
                seen.add(s.toString());
            }
        };
        for (int round = 0; round < 300; round++) {
            Flux<LLMWorkItem<Integer, Void>> items = Flux.range(0, 8).map(i -> LLMWorkItem.of("i" + i, async, "p"));
            processor.process(items).doOnComplete(() -> check.accept(processor.stats())).blockLast(Duration.ofSeconds(10));
            processor.processAll(items.collectList().block()).doOnSuccess(b -> check.accept(processor.stats()))
                    .block(Duration.ofSeconds(10));
        }
        assertThat(unsettled).as("rounds with unsettled stats, e.g. %s", seen.stream().limit(1).toList()).hasValue(0);
        processor.close();
    }
}
