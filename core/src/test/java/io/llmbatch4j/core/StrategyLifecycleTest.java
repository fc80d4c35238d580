package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class StrategyLifecycleTest {

    /** Counts prepare / execute / cleanup; prepare takes {@code prepareTime} on a parallel thread. */
    static class CountingStrategy implements LLMCallStrategy<String> {
        final AtomicInteger prepares = new AtomicInteger();
        final AtomicInteger executesBeforePrepared = new AtomicInteger();
        final AtomicInteger executes = new AtomicInteger();
        final AtomicInteger cleanups = new AtomicInteger();
        volatile boolean prepared;
        final Mono<Void> prepareBody;

        CountingStrategy(Mono<Void> prepareBody) {
            this.prepareBody = prepareBody;
        }

        @Override
        public Mono<Void> prepare() {
            prepares.incrementAndGet();
            return prepareBody.doOnSuccess(v -> prepared = true);
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            executes.incrementAndGet();
            if (!prepared) {
                executesBeforePrepared.incrementAndGet();
            }
            return Mono.fromSupplier(() -> LLMResponse.of(prompt)).subscribeOn(Schedulers.parallel());
        }

        @Override
        public Mono<Void> cleanup() {
            cleanups.incrementAndGet();
            return Mono.empty();
        }
    }

    @RepeatedTest(5)
    void prepareRunsExactlyOncePerStrategyEvenWithManyWorkersRacing() {
        List<CountingStrategy> strategies = IntStream.range(0, 3)
                .mapToObj(i -> new CountingStrategy(Mono.delay(Duration.ofMillis(5)).then())).toList();
        List<LLMWorkItem<String, Void>> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(LLMWorkItem.of("item-" + i, strategies.get(i % 3), "p" + i));
        }
        var processor = ParallelBatchProcessor.<String, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(64).build()).build();
        // items arrive from several threads at once
        BatchResult<String, Void> result = processor.processAll(items).block(Duration.ofSeconds(30));

        assertThat(result.succeeded()).isEqualTo(3000);
        for (CountingStrategy s : strategies) {
            assertThat(s.prepares).hasValue(1);
            assertThat(s.executesBeforePrepared).hasValue(0);
            assertThat(s.executes).hasValue(1000);
            assertThat(s.cleanups).hasValue(1);
        }
    }

    @Test
    void aFailingPrepareFailsOnlyThatStrategysItemsAndIsNotRetriedPerItem() {
        CountingStrategy broken = new CountingStrategy(Mono.error(new IllegalStateException("no cache for you")));
        CountingStrategy fine = new CountingStrategy(Mono.empty());
        List<LLMWorkItem<String, Void>> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(LLMWorkItem.of("item-" + i, i % 2 == 0 ? broken : fine, "p"));
        }
        var processor = ParallelBatchProcessor.<String, Void>builder().build();
        BatchResult<String, Void> result = processor.processAll(items).block(Duration.ofSeconds(30));

        assertThat(result.succeeded()).isEqualTo(50);
        assertThat(result.results()).filteredOn(r -> !r.success()).hasSize(50).allSatisfy(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.PERMANENT);
            assertThat(r.error().message()).contains("prepare()").contains("no cache for you");
            assertThat(r.attempts()).isZero();
        });
        assertThat(broken.prepares).hasValue(1);
        assertThat(broken.executes).hasValue(0);
        assertThat(broken.cleanups).as("a failed prepare cleans up after itself").hasValue(0);
        assertThat(fine.cleanups).hasValue(1);
    }

    @Test
    void cleanupRunsOnceWhenTheRunIsCancelled() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        CountingStrategy strategy = new CountingStrategy(Mono.empty()) {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                return Mono.never();
            }
        };
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        Disposable run = processor.process(Flux.fromIterable(Fixtures.items(strategy, 20))).subscribe();
        run.dispose();
        run.dispose();
        assertThat(strategy.prepares).hasValue(1);
        assertThat(strategy.cleanups).hasValue(1);
    }

    @Test
    void cleanupRunsOnceWhenTheSourceFails() {
        CountingStrategy strategy = new CountingStrategy(Mono.empty());
        var processor = ParallelBatchProcessor.<String, Void>builder().build();
        Flux<LLMWorkItem<String, Void>> source = Flux.concat(Flux.fromIterable(Fixtures.items(strategy, 5)),
                Flux.error(new IllegalStateException("source broke")));
        List<Throwable> errors = new ArrayList<>();
        processor.process(source).onErrorResume(e -> {
            errors.add(e);
            return Mono.empty();
        }).blockLast(Duration.ofSeconds(10));
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("source broke"));
        assertThat(strategy.cleanups).hasValue(1);
    }

    @Test
    void closeCancelsInFlightCallsRunsCleanupAndIsIdempotent() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger cancelled = new AtomicInteger();
        CountingStrategy strategy = new CountingStrategy(Mono.empty()) {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                return Mono.<LLMResponse<String>>never().doOnCancel(cancelled::incrementAndGet);
            }
        };
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(3).build()).build();
        List<Throwable> errors = new ArrayList<>();
        List<WorkItemResult<String, Void>> results = new ArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 10))).subscribe(results::add, errors::add);

        processor.close();
        processor.close();
        assertThat(cancelled).hasValue(3);
        assertThat(strategy.cleanups).hasValue(1);
        assertThat(errors).isEmpty();
        assertThat(results).hasSize(10).allSatisfy(r -> assertThat(r.error().message()).contains("closed"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).blockLast())
                .hasMessageContaining("closed");
    }

    @Test
    void perItemStateIsSharedByTheAttemptsOfOneItemOnly() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        RetryState.Key<Integer> level = RetryState.Key.of("level");
        LLMCallStrategy<String> escalating = new LLMCallStrategy<>() {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                int l = attempt.state().getOrDefault(level, 0);
                // items with an even id need level 2, odd ones level 0
                boolean needsMore = prompt.endsWith("even") && l < 2;
                return needsMore ? Mono.error(new ValidationFailedException("not good enough", "{}"))
                        : Mono.just(LLMResponse.of("level-" + l));
            }

            @Override
            public Mono<Void> onError(Throwable error, Attempt attempt) {
                if (error instanceof ValidationFailedException) {
                    attempt.state().put(level, attempt.state().getOrDefault(level, 0) + 1);
                }
                return Mono.empty();
            }
        };
        List<LLMWorkItem<String, Void>> items = IntStream.range(0, 200)
                .mapToObj(i -> LLMWorkItem.of("i" + i, escalating, i % 2 == 0 ? "even" : "odd"))
                .toList();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(50).build()).build();
        BatchResult<String, Void> result = processor.processAll(items).block();
        assertThat(result.results()).allSatisfy(r -> assertThat(r.output())
                .isEqualTo(Integer.parseInt(r.itemId().substring(1)) % 2 == 0 ? "level-2" : "level-0"));
    }
}
