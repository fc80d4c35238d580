package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** LLMCallPool, admission scopes, dry run and the post-processor, on virtual time. */
class CallPoolTest {

    private static LLMCallPool pool(VirtualTimeScheduler vts, CallPoolConfig config) {
        return LLMCallPool.builder().config(config).scheduler(vts).eventScheduler(Schedulers.immediate()).build();
    }

    @Test
    void concurrentCallersShareOneWorkerBoundAndRetries() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> n.get() == 1
                ? Mono.error(new TransientProviderException("503"))
                : Mono.delay(Duration.ofSeconds(1), vts).thenReturn(new LLMResponse<>("ok", TokenUsage.of(1, 1), "m")));
        LLMCallPool pool = pool(vts, CallPoolConfig.builder().processor(Fixtures.config().maxWorkers(2).build()).build());
        List<LLMResponse<String>> got = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.call(strategy, "p" + i).subscribe(got::add);
        }
        vts.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(got).hasSize(6).allSatisfy(r -> assertThat(r.output()).isEqualTo("ok"));
        assertThat(strategy.maxInFlight).hasValueLessThanOrEqualTo(2);
        assertThat(pool.stats().retries()).isEqualTo(6);
        assertThat(pool.pending()).isZero();
        pool.close();
    }

    @Test
    void rejectsPastMaxPendingAtOnceAndAfterTheSubmitTimeout() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        LLMCallPool pool = pool(vts, CallPoolConfig.builder().processor(Fixtures.config().maxWorkers(1).build())
                .maxPending(2).submitTimeout(Duration.ofSeconds(3)).build());
        AtomicReference<Throwable> second = new AtomicReference<>();
        AtomicReference<Throwable> third = new AtomicReference<>();
        AtomicReference<LLMResponse<String>> first = new AtomicReference<>();
        pool.call(strategy, "a").subscribe(first::set);
        pool.call(strategy, "b").subscribe(r -> { }, second::set);
        pool.call(strategy, "c").subscribe(r -> { }, third::set);
        assertThat(third.get()).isInstanceOf(CallRejectedException.class).hasMessageContaining("maxPending");
        vts.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(second.get()).isInstanceOf(CallRejectedException.class).hasMessageContaining("submit timeout");
        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(first.get()).isNotNull();
        assertThat(strategy.calls).hasSize(1);
        pool.close();
    }

    @Test
    void cancellingACallCancelsItAndFreesItsPermit() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        LLMCallPool pool = pool(vts, CallPoolConfig.builder().processor(Fixtures.config().maxWorkers(1).build()).build());
        Disposable running = pool.call(strategy, "a").subscribe();
        AtomicReference<LLMResponse<String>> next = new AtomicReference<>();
        pool.call(strategy, "b").subscribe(next::set);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        running.dispose();
        assertThat(strategy.cancelled).hasValue(1);
        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(next.get().output()).isEqualTo("ok:b");
        assertThat(pool.stats().inFlight()).isZero();
        pool.close();
    }

    @Test
    void aFailedCallErrorsWithItsClassifiedErrorAndUsage() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> Mono.error(new PermanentProviderException("400 bad request", 400, null)));
        LLMCallPool pool = pool(vts, CallPoolConfig.defaults());
        AtomicReference<Throwable> error = new AtomicReference<>();
        pool.call(strategy, "x").subscribe(r -> { }, error::set);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(error.get()).isInstanceOfSatisfying(LLMCallFailedException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT));
        pool.close();
        AtomicReference<Throwable> afterClose = new AtomicReference<>();
        pool.call(strategy, "y").subscribe(r -> { }, afterClose::set);
        assertThat(afterClose.get()).isInstanceOf(CallRejectedException.class);
    }

    @Test
    void admissionScopesBoundCallsPerModelOutsideTheAttemptTimeoutAndRecordTheWait() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy delayed = ScriptedStrategy.delayed(vts, Duration.ofSeconds(2));
        LLMCallStrategy<String> modelA = new LLMCallStrategy<>() {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                return delayed.execute(prompt, attempt);
            }

            @Override
            public String scopeKey(String prompt) {
                return "model-a";
            }
        };
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(10).timeoutPerItem(Duration.ofSeconds(3))
                .scopeLimits(Map.of("model-a", 2)).build()).build();
        AtomicReference<BatchResult<String, Void>> out = new AtomicReference<>();
        p.processAll(Fixtures.items(modelA, 6)).subscribe(out::set);
        vts.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(out.get().succeeded()).isEqualTo(6);
        assertThat(delayed.maxInFlight).hasValue(2);
        assertThat(out.get().results()).extracting(WorkItemResult::admissionWait).containsExactly(Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    void dryRunCallsTheDryRunAnswerInsteadOfTheProviderAndSkipsPrepare() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger executes = new AtomicInteger();
        AtomicInteger prepares = new AtomicInteger();
        LLMCallStrategy<String> s = new LLMCallStrategy<>() {
            @Override
            public Mono<Void> prepare() {
                return Mono.fromRunnable(prepares::incrementAndGet);
            }

            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                executes.incrementAndGet();
                return Mono.just(LLMResponse.of("real"));
            }
        };
        var p = Fixtures.<String>processor(vts, Fixtures.config().dryRun(true).build()).build();
        List<WorkItemResult<String, Void>> results = p.process(Flux.fromIterable(Fixtures.items(s, 3))).collectList()
                .block(Duration.ofSeconds(5));
        assertThat(results).hasSize(3).allSatisfy(r -> {
            assertThat(r.success()).isTrue();
            assertThat(r.model()).isEqualTo(LLMCallStrategy.DRY_RUN_MODEL);
            assertThat(r.usage()).isEqualTo(TokenUsage.ZERO);
        });
        assertThat(executes).hasValue(0);
        assertThat(prepares).hasValue(0);
    }

    @Test
    void postProcessorRunsForEveryResultNeverFailsTheItemAndIsBoundedInTime() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0")
                ? Mono.error(new PermanentProviderException("nope"))
                : Mono.just(LLMResponse.of("ok")));
        List<String> seen = new CopyOnWriteArrayList<>();
        PostProcessor<String, Void> pp = r -> {
            seen.add(r.itemId() + ":" + r.success());
            if (r.itemId().equals("item-1")) {
                return Mono.error(new IllegalStateException("store down"));
            }
            return r.itemId().equals("item-2") ? Mono.never() : Mono.empty();
        };
        var p = Fixtures.<String>processor(vts, Fixtures.config().postProcessTimeout(Duration.ofSeconds(2)).build())
                .postProcessor(pp).build();
        AtomicReference<BatchResult<String, Void>> out = new AtomicReference<>();
        p.processAll(Fixtures.items(strategy, 4)).subscribe(out::set);
        assertThat(out.get()).as("inline: the item waits for its post-processor").isNull();
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(out.get().results()).extracting(WorkItemResult::success).containsExactly(false, true, true, true);
        assertThat(seen).containsExactlyInAnyOrder("item-0:false", "item-1:true", "item-2:true", "item-3:true");
        assertThat(p.stats().postProcessFailures()).isEqualTo(2);
    }

    @Test
    void asyncPostProcessorIsOffTheWorkersPath() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("ok")));
        AtomicInteger done = new AtomicInteger();
        PostProcessor<String, Void> slow = r -> Mono.delay(Duration.ofSeconds(1), vts).then(Mono.fromRunnable(done::incrementAndGet));
        var p = Fixtures.<String>processor(vts, Fixtures.config().postProcessMode(PostProcessMode.ASYNC).build())
                .postProcessor(slow).build();
        AtomicReference<BatchResult<String, Void>> out = new AtomicReference<>();
        p.processAll(Fixtures.items(strategy, 3)).subscribe(out::set);
        assertThat(out.get()).isNotNull();
        assertThat(done).hasValue(0);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(done).hasValue(3);
    }
}
