package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.RunOutcome;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
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
import reactor.test.util.RaceTestUtils;
import reactor.util.context.Context;

/** The item's state machine alone: real engine parts on virtual time, a recording owner, calls from TestPublishers. */
class ItemTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Scheduler racer = Schedulers.newParallel("race", 2);

    @AfterEach
    void tearDown() {
        racer.dispose();
        vts.dispose();
    }

    /** Hears each end; more than one end per item is the bug these tests look for. */
    static final class Owner implements Item.Owner<String, Void> {
        final List<WorkItemResult<String, Void>> ended = new CopyOnWriteArrayList<>();

        @Override public void ended(Item<String, Void> item) { ended.add(item.result()); }
        @Override public Context currentContext() { return Context.empty(); }
    }

    /** A strategy whose every call is a fresh TestPublisher, counted. */
    static final class Calls implements LLMCallStrategy<String> {
        final List<TestPublisher<LLMResponse<String>>> made = new CopyOnWriteArrayList<>();

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, io.llmbatch4j.core.Attempt attempt) {
            TestPublisher<LLMResponse<String>> tp = TestPublisher.create();
            made.add(tp);
            return tp.mono();
        }

        TestPublisher<LLMResponse<String>> last() {
            return made.get(made.size() - 1);
        }
    }

    private EngineParts parts(ProcessorConfig config) {
        return EngineParts.create(config, List.of(), ErrorClassifier.defaults(), EngineClock.of(vts),
                Schedulers.immediate());
    }

    private static ProcessorConfig.Builder config() {
        return ProcessorConfig.builder().maxWorkers(4).retry(RetryConfig.builder().maxAttempts(3)
                .initialBackoff(Duration.ofSeconds(1)).jitter(0).build());
    }

    private static Item<String, Void> item(EngineParts parts, Run run, String id, LLMCallStrategy<String> s,
            List<Middleware<String, Void>> middleware) {
        return new Item<>(parts, new ItemHooks<>(new MiddlewareChain<>(middleware, parts.hooks()), null), run, 0,
                LLMWorkItem.of(id, s, "p"), 0);
    }

    private static Run run(EngineParts parts, boolean stoppable) {
        return new Run("r", 0, true, false, stoppable, parts.hooks(), o -> { });
    }

    @Test
    void aCancelRacingTheAnswerEndsTheItemOnceAndReturnsTheWorker() {
        for (int i = 0; i < 2_000; i++) {
            EngineParts parts = parts(config().build());
            Calls calls = new Calls();
            Owner owner = new Owner();
            Item<String, Void> item = item(parts, run(parts, true), "a", calls, List.of());
            item.start(owner);
            TestPublisher<LLMResponse<String>> call = calls.last();
            RaceTestUtils.race(racer, item::cancel, () -> call.emit(LLMResponse.of("ok")));
            assertThat(owner.ended).hasSize(1);
            WorkItemResult<String, Void> r = owner.ended.get(0);
            assertThat(r.success() || r.errorKind() == ErrorKind.CANCELLED).as(r.toString()).isTrue();
            assertThat(parts.gate().inFlight()).isZero();
            assertThat(parts.stats().succeeded() + parts.stats().failed()).isEqualTo(1);
        }
    }

    @Test
    void aDrainingStopRacingAFailedCallAlwaysEndsAndNeverRetries() {
        for (int i = 0; i < 2_000; i++) {
            EngineParts parts = parts(config().build());
            Calls calls = new Calls();
            Owner owner = new Owner();
            Item<String, Void> item = item(parts, run(parts, true), "a", calls, List.of());
            item.start(owner);
            TestPublisher<LLMResponse<String>> call = calls.last();
            ErrorInfo deadline = ErrorInfo.of(ErrorKind.BATCH_DEADLINE_EXCEEDED, "deadline");
            RaceTestUtils.race(racer, () -> item.stop(deadline, false),
                    () -> call.error(new TransientProviderException("503")));
            vts.advanceTimeBy(Duration.ofMinutes(1)); // a backoff the stop did not cut would retry now
            assertThat(owner.ended).hasSize(1);
            assertThat(calls.made).as("no retry after a draining stop").hasSize(1);
            assertThat(owner.ended.get(0).errorKind()).isIn(ErrorKind.TRANSIENT, ErrorKind.BATCH_DEADLINE_EXCEEDED);
        }
    }

    @Test
    void theItemDeadlineRacingTheAnswerEndsTheItemOnce() {
        for (int i = 0; i < 2_000; i++) {
            EngineParts parts = parts(config().totalTimeoutPerItem(Duration.ofSeconds(5)).build());
            Calls calls = new Calls();
            Owner owner = new Owner();
            Item<String, Void> item = item(parts, run(parts, false), "a", calls, List.of());
            item.start(owner);
            TestPublisher<LLMResponse<String>> call = calls.last();
            RaceTestUtils.race(racer, () -> vts.advanceTimeBy(Duration.ofSeconds(5)),
                    () -> call.emit(LLMResponse.of("ok")));
            assertThat(owner.ended).hasSize(1);
            assertThat(owner.ended.get(0).success() || owner.ended.get(0).errorKind() == ErrorKind.ITEM_DEADLINE_EXCEEDED)
                    .isTrue();
            assertThat(parts.gate().inFlight()).isZero();
        }
    }

    @Test
    void aDuplicateIdAndAStoppedRunEndTheItemAtItsStartWithoutACall() {
        EngineParts parts = parts(config().build());
        Run run = run(parts, true);
        Calls calls = new Calls();
        Owner owner = new Owner();
        item(parts, run, "same", calls, List.of()).start(owner);
        item(parts, run, "same", calls, List.of()).start(owner);
        assertThat(calls.made).hasSize(1);
        assertThat(owner.ended).singleElement().satisfies(r -> assertThat(r.error().message()).contains("duplicate"));
        ErrorInfo stop = ErrorInfo.of(ErrorKind.ABORTED, "aborted");
        run.stop(stop, RunOutcome.ABORTED, true, () -> { });
        item(parts, run, "late", calls, List.of()).start(owner);
        assertThat(calls.made).hasSize(1);
        assertThat(owner.ended).hasSize(3);
        assertThat(owner.ended.get(2).error()).isEqualTo(stop);
        assertThat(owner.ended.get(1).errorKind()).as("the running item was stopped too").isEqualTo(ErrorKind.ABORTED);
    }

    @Test
    void aCancelDuringAfterProcessLetsItFinishAndTheOwnerGetsItsResult() {
        EngineParts parts = parts(config().build());
        TestPublisher<WorkItemResult<String, Void>> journal = TestPublisher.create();
        AtomicInteger afterCalls = new AtomicInteger();
        Middleware<String, Void> slowJournal = new Middleware<>() {
            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
                afterCalls.incrementAndGet();
                return journal.mono();
            }
        };
        Calls calls = new Calls();
        Owner owner = new Owner();
        Item<String, Void> item = item(parts, run(parts, true), "a", calls, List.of(slowJournal));
        item.start(owner);
        calls.last().emit(LLMResponse.of("ok"));
        assertThat(afterCalls).hasValue(1);
        item.cancel();
        assertThat(owner.ended).as("Finishing is not interruptible").isEmpty();
        journal.assertNotCancelled();
        journal.emit(WorkItemResult.success("a", "journaled", io.llmbatch4j.core.TokenUsage.ZERO, 1, Duration.ZERO,
                null, null));
        assertThat(owner.ended).singleElement().satisfies(r -> assertThat(r.output()).isEqualTo("journaled"));
    }

    @Test
    void aStopBeforeTheAnswerRunsAfterProcessOfTheMiddlewareThatPassedTheItemOn() {
        EngineParts parts = parts(config().build());
        List<String> log = new CopyOnWriteArrayList<>();
        Middleware<String, Void> m = new Middleware<>() {
            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
                log.add("after " + result.errorKind());
                return Mono.just(result);
            }
        };
        Calls calls = new Calls();
        Owner owner = new Owner();
        Item<String, Void> item = item(parts, run(parts, true), "a", calls, List.of(m));
        item.start(owner);
        TestPublisher<LLMResponse<String>> call = calls.last();
        item.stop(ErrorInfo.of(ErrorKind.ITEM_DEADLINE_EXCEEDED, "late"), true);
        call.assertCancelled();
        assertThat(log).containsExactly("after ITEM_DEADLINE_EXCEEDED");
        assertThat(owner.ended).singleElement().satisfies(r -> assertThat(r.errorKind())
                .isEqualTo(ErrorKind.ITEM_DEADLINE_EXCEEDED));
        assertThat(parts.gate().inFlight()).isZero();
    }
}
