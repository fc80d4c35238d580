package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

/**
 * A strategy, middleware or hook that throws an {@link Error} synchronously fails its own item
 * only: the other 39 of 40 items of the run end as they would have.
 */
class FaultContainmentTest {

    /** Where item-7's fault is thrown. */
    enum Site { EXECUTE, DESCRIBE, BEFORE_PROCESS, AFTER_PROCESS, ON_ERROR, ON_RETRY }

    enum Fault {
        ASSERTION(() -> new AssertionError("broken invariant")),
        STACK_OVERFLOW(StackOverflowError::new);

        final Supplier<Error> error;

        Fault(Supplier<Error> error) {
            this.error = error;
        }
    }

    private static boolean faulty(String itemId) {
        return itemId.equals("item-7");
    }

    @ParameterizedTest(name = "{0} throws {1}")
    @EnumSource(Site.class)
    void anErrorThrownSynchronouslyFailsThatItemOnly(Site site) {
        for (Fault fault : Fault.values()) {
            BatchResult<String, Void> b = run(site, fault);
            assertThat(b.results()).as("%s %s", site, fault).hasSize(40);
            List<WorkItemResult<String, Void>> others = b.results().stream().filter(r -> !faulty(r.itemId())).toList();
            assertThat(others).as("%s %s", site, fault).allMatch(WorkItemResult::success);
            WorkItemResult<String, Void> broken = b.results().get(7);
            if (site == Site.AFTER_PROCESS || site == Site.DESCRIBE || site == Site.ON_RETRY) {
                assertThat(broken.success()).as("a fault in %s keeps the result", site).isTrue();
            } else {
                assertThat(broken.errorKind()).as("%s %s", site, fault).isEqualTo(ErrorKind.PERMANENT);
                assertThat(broken.error().errorType() + broken.error().message())
                        .contains(fault.error.get().getClass().getSimpleName());
                assertThat(broken.attempts()).as("a broken strategy is not retried").isLessThanOrEqualTo(1);
            }
        }
    }

    private static BatchResult<String, Void> run(Site site, Fault fault) {
        LLMCallStrategy<String> strategy = new LLMCallStrategy<>() {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                if (faulty(attempt.itemId())) {
                    if (site == Site.EXECUTE) {
                        throw fault.error.get();
                    }
                    if ((site == Site.ON_ERROR || site == Site.ON_RETRY) && attempt.number() == 1) {
                        return Mono.error(new TransientProviderException("503"));
                    }
                }
                return Mono.just(LLMResponse.of("ok"));
            }

            @Override
            public Mono<Void> onError(Throwable error, Attempt attempt) {
                if (site == Site.ON_ERROR) {
                    throw fault.error.get();
                }
                return Mono.empty();
            }

            @Override
            public CallTarget describe(Attempt attempt) {
                if (site == Site.DESCRIBE && faulty(attempt.itemId())) {
                    throw fault.error.get();
                }
                return null;
            }
        };
        Middleware<String, Void> middleware = new Middleware<>() {
            @Override
            public Mono<MiddlewareDecision<String, Void>> beforeProcess(LLMWorkItem<String, Void> item) {
                if (site == Site.BEFORE_PROCESS && faulty(item.itemId())) {
                    throw fault.error.get();
                }
                return Mono.empty();
            }

            @Override
            public Mono<WorkItemResult<String, Void>> afterProcess(WorkItemResult<String, Void> result) {
                if (site == Site.AFTER_PROCESS && faulty(result.itemId())) {
                    throw fault.error.get();
                }
                return Mono.empty();
            }

            @Override
            public Mono<Void> onRetry(LLMWorkItem<String, Void> item, int failedAttempt, ErrorInfo error) {
                if (site == Site.ON_RETRY && faulty(item.itemId())) {
                    throw fault.error.get();
                }
                return Mono.empty();
            }
        };
        var builder = ParallelBatchProcessor.<String, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(4)
                        .retry(RetryConfig.builder().initialBackoff(Duration.ofMillis(1)).jitter(0).build()).build())
                .observer(event -> { });
        if (site == Site.BEFORE_PROCESS || site == Site.AFTER_PROCESS || site == Site.ON_RETRY) {
            builder.middleware(middleware);
        }
        List<LLMWorkItem<String, Void>> items = IntStream.range(0, 40)
                .mapToObj(i -> LLMWorkItem.of("item-" + i, strategy, "p")).toList();
        return builder.build().processAll(items).block(Duration.ofSeconds(10));
    }

    @org.junit.jupiter.api.Test
    void anObserverOrClassifierThatThrowsAnErrorIsContainedToo() {
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        LLMCallStrategy<String> strategy = (prompt, attempt) -> attempt.number() == 1 && prompt.equals("flaky")
                ? Mono.error(new TransientProviderException("503")) : Mono.just(LLMResponse.of("ok"));
        var processor = ParallelBatchProcessor.<String, Void>builder()
                .config(ProcessorConfig.builder()
                        .retry(RetryConfig.builder().initialBackoff(Duration.ofMillis(1)).jitter(0).build()).build())
                .eventScheduler(reactor.core.scheduler.Schedulers.immediate())
                .errorClassifier(error -> {
                    throw new AssertionError("classifier bug");
                })
                .observer(event -> {
                    if (delivered.incrementAndGet() == 1) {
                        throw new AssertionError("observer bug");
                    }
                }).build();
        List<LLMWorkItem<String, Void>> items = IntStream.range(0, 40)
                .mapToObj(i -> LLMWorkItem.of("item-" + i, strategy, i == 7 ? "flaky" : "p")).toList();
        BatchResult<String, Void> b = processor.processAll(items).block(Duration.ofSeconds(10));
        assertThat(b.succeeded()).as("the classifier's fault falls back to the default classification").isEqualTo(40);
        assertThat(delivered.get()).as("the observer keeps getting events").isGreaterThan(100);
    }
}
