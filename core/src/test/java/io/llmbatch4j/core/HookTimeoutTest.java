package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A hook that never completes is bounded by {@link ProcessorConfig#hookTimeout()}, and close() says what it left. */
class HookTimeoutTest {

    enum Hook { PREPARE, BEFORE_PROCESS, AFTER_PROCESS, ON_ERROR, ON_RETRY, CLEANUP }

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    /** item-0's hook (or the strategy's, for prepare and cleanup) never completes; item-0's first call fails. */
    private ParallelBatchProcessor<String, Void> processor(Hook hook, ProcessorConfig config) {
        ScriptedStrategy calls = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-0") && n.get() == 1
                ? Mono.error(new TransientProviderException("503")) : Mono.just(LLMResponse.of("ok")));
        LLMCallStrategy<String> strategy = new ForwardingCallStrategy<>(calls) {
            @Override
            public Mono<Void> prepare() {
                return hook == Hook.PREPARE ? Mono.never() : Mono.empty();
            }

            @Override
            public Mono<Void> onError(Throwable error, Attempt attempt) {
                return hook == Hook.ON_ERROR ? Mono.never() : Mono.empty();
            }

            @Override
            public Mono<Void> cleanup() {
                return hook == Hook.CLEANUP ? Mono.never() : Mono.empty();
            }
        };
        Middleware<String, Void> middleware = new Middleware<>() {
            @Override
            public Mono<MiddlewareDecision<String, Void>> beforeProcess(LLMWorkItem<String, Void> item) {
                return hook == Hook.BEFORE_PROCESS && item.itemId().equals("item-0") ? Mono.never() : Mono.empty();
            }

            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
                return hook == Hook.AFTER_PROCESS && result.itemId().equals("item-0") ? Mono.never() : Mono.empty();
            }

            @Override
            public Mono<Void> onRetry(LLMWorkItem<String, Void> item, int failedAttempt, ErrorInfo error) {
                return hook == Hook.ON_RETRY ? Mono.never() : Mono.empty();
            }
        };
        holder.set(strategy);
        return Fixtures.<String>processor(vts, config).middleware(middleware).build();
    }

    private final AtomicReference<LLMCallStrategy<String>> holder = new AtomicReference<>();

    @ParameterizedTest
    @EnumSource(Hook.class)
    void aHookThatNeverCompletesEndsAtTheDefaultHookTimeoutNamingTheHook(Hook hook) {
        var processor = processor(hook, Fixtures.config().build());
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        AtomicReference<String> end = new AtomicReference<>("running");
        processor.process(Flux.fromIterable(Fixtures.items(holder.get(), 3)))
                .subscribe(results::add, e -> end.set("error " + e), () -> end.set("completed"));

        vts.advanceTimeBy(Duration.ofSeconds(59));
        assertThat(end).as("before the hook timeout").hasValue("running");
        vts.advanceTimeBy(Duration.ofMinutes(2));
        assertThat(end).hasValue("completed");
        assertThat(results).hasSize(3);
        WorkItemResult<String, Void> first = results.stream().filter(r -> r.itemId().equals("item-0")).findFirst()
                .orElseThrow();
        switch (hook) {
            case PREPARE -> assertThat(results).allSatisfy(r -> {
                assertThat(r.errorKind()).isEqualTo(ErrorKind.PERMANENT);
                assertThat(r.error().message()).contains("prepare()").contains("did not complete within PT1M")
                        .contains("hookTimeout");
            });
            case BEFORE_PROCESS, ON_ERROR -> {
                assertThat(first.errorKind()).isEqualTo(ErrorKind.PERMANENT);
                assertThat(first.error().message()).contains(hook == Hook.ON_ERROR ? "onError()" : "beforeProcess")
                        .contains("did not complete within PT1M").contains("hookTimeout");
                assertThat(results).filteredOn(WorkItemResult::success).hasSize(2);
            }
            default -> assertThat(results).allMatch(WorkItemResult::success);
        }
    }

    @Test
    void theHookTimeoutIsConfigurable() {
        var processor = processor(Hook.BEFORE_PROCESS,
                Fixtures.config().hookTimeout(Duration.ofSeconds(5)).build());
        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(holder.get(), 1))),
                        () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(5))
                .assertNext(r -> assertThat(r.error().message()).contains("did not complete within PT5S"))
                .verifyComplete();
        assertThat(ProcessorConfig.defaults().hookTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void closeReturnsWithinItsBoundAndSaysWhatItAbandoned() {
        var processor = processor(Hook.CLEANUP, Fixtures.config().build());
        processor.process(Flux.fromIterable(Fixtures.items(holder.get(), 2))).subscribe();
        List<String> reports = new CopyOnWriteArrayList<>();

        processor.closeWithin(Duration.ofSeconds(30)).subscribe(reports::add);
        vts.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(reports).singleElement().satisfies(report -> assertThat(report)
                .contains("stopped waiting after PT30S").contains("run-1").contains("cleanup() of "
                        + HookTimeoutTest.class.getName()).contains("not completed").contains("hookTimeout"));

        processor.closeWithin(Duration.ofSeconds(45)).subscribe(reports::add);
        vts.advanceTimeBy(Duration.ofSeconds(45));
        assertThat(reports).as("the cleanup timed out at 60 s: nothing left").hasSize(2).last().isEqualTo("");
    }
}
