package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RetryAndTimeoutTest {

    private static Mono<LLMResponse<String>> ok(String text) {
        return Mono.just(new LLMResponse<>(text, TokenUsage.of(3, 2), "m"));
    }

    @Test
    void retriesTransientErrorsWithExponentialBackoffUntilMaxAttempts() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> Mono.error(new TransientProviderException("503 from provider", 503, null)));
        var processor = Fixtures.<String>processor(vts, Fixtures.config()
                .retry(Fixtures.retries().maxAttempts(4).build()).build()).build();

        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))),
                        () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(100))
                .assertNext(r -> {
                    assertThat(r.success()).isFalse();
                    assertThat(r.errorKind()).isEqualTo(ErrorKind.TRANSIENT);
                    assertThat(r.attempts()).isEqualTo(4);
                    assertThat(r.error().message()).isEqualTo("attempts exhausted (4 of 4); last: 503 from provider");
                })
                .verifyComplete();
        // backoff 1 s, 2 s, 4 s between the four attempts
        assertThat(strategy.callTimes("item-0")).containsExactly(0L, 1000L, 3000L, 7000L);
        assertThat(strategy.calls).extracting(Fixtures.Call::attempt).containsExactly(1, 2, 3, 4);
    }

    @Test
    void backoffIsCappedAtMaxBackoff() {
        RetryConfig retry = Fixtures.retries().initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(5)).multiplier(10).build();
        assertThat(retry.backoffBeforeJitter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.backoffBeforeJitter(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.backoffBeforeJitter(30)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterShortensBackoffWithinItsShare() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> n.get() == 1 ? Mono.error(new TransientProviderException("boom")) : ok("x"));
        var processor = Fixtures.<String>processor(vts, Fixtures.config()
                .retry(Fixtures.retries().initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(10))
                        .jitter(0.5).build()).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 20))).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(60));
        List<Long> secondCalls = strategy.calls.stream().filter(c -> c.attempt() == 2)
                .map(Fixtures.Call::atMillis).toList();
        assertThat(secondCalls).hasSize(20).allSatisfy(t -> assertThat(t).isBetween(5000L, 10000L));
        assertThat(secondCalls.stream().distinct().count()).as("jitter spreads the retries").isGreaterThan(1);
    }

    @Test
    void onErrorRunsBeforeTheNextAttemptWithTheFailedAttempt() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> n.get() < 3 ? Mono.error(new TransientProviderException("flaky")) : ok("done"));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(strategy.errorsSeen).containsExactly("item-0#1:TransientProviderException",
                "item-0#2:TransientProviderException");
        assertThat(strategy.calls).extracting(Fixtures.Call::attempt).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"PERMANENT", "MODEL_LIMITATION"})
    void permanentAndModelLimitationErrorsAreNotRetried(ErrorKind kind) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        RuntimeException error = kind == ErrorKind.PERMANENT ? new PermanentProviderException("401 bad key", 401, null)
                : new ModelLimitationException("temperature unsupported");
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.error(error));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        List<WorkItemResult<String, Void>> results = processor.processAll(Fixtures.items(strategy, 1))
                .map(BatchResult::results).block();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.errorKind()).isEqualTo(kind);
            assertThat(r.attempts()).isEqualTo(1);
        });
    }

    @Test
    void validationFailuresRetryAtOnceWithoutBackoff() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> n.get() < 3
                ? Mono.error(new ValidationFailedException("age: must be >= 0", "{\"age\":-1}"))
                : ok("valid"));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        List<WorkItemResult<String, Void>> results = new java.util.ArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe(results::add);
        assertThat(results).as("done without any time passing").singleElement()
                .satisfies(r -> assertThat(r.output()).isEqualTo("valid"));
        assertThat(strategy.callTimes("item-0")).containsExactly(0L, 0L, 0L);
    }

    @Test
    void whichKindsRetryIsConfigurable() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> Mono.error(new TransientProviderException("503")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config()
                .retry(Fixtures.retries().retryOn(java.util.Set.of(ErrorKind.TIMEOUT)).build()).build()).build();
        var result = processor.processAll(Fixtures.items(strategy, 1)).block();
        assertThat(result.results().get(0).attempts()).isEqualTo(1);
    }

    @Test
    void perItemTimeoutCancelsTheCallAndClassifiesTimeout() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicBoolean cancelled = new AtomicBoolean();
        LLMCallStrategy<String> hangs = (prompt, attempt) -> {
            assertThat(attempt.timeout()).isEqualTo(Duration.ofSeconds(30));
            return Mono.<LLMResponse<String>>never().doOnCancel(() -> cancelled.set(true));
        };
        var processor = Fixtures.<String>processor(vts, Fixtures.config().timeoutPerItem(Duration.ofSeconds(30))
                .retry(Fixtures.retries().maxAttempts(1).build()).build()).build();

        StepVerifier.withVirtualTime(() -> processor.process(Flux.fromIterable(Fixtures.items(hangs, 1))),
                        () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(29))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(r -> {
                    assertThat(r.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(r.error().message()).contains("PT30S");
                })
                .verifyComplete();
        assertThat(cancelled).isTrue();
    }

    @Test
    void timeoutsAreRetriedAndTheWaitForAWorkerDoesNotCount() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(8));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(1)
                .timeoutPerItem(Duration.ofSeconds(10)).build()).build();
        List<WorkItemResult<String, Void>> results = new java.util.ArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 3))).subscribe(results::add);
        vts.advanceTimeBy(Duration.ofSeconds(24));
        // the third item waited 16 s for the single worker, then ran 8 s: no timeout
        assertThat(results).hasSize(3).allMatch(WorkItemResult::success);
    }

    @Test
    void rateLimitRetriesKeepTheAttemptNumberAndHaveTheirOwnBound() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> n.get() <= 4
                ? Mono.error(new RateLimitException("429", Duration.ofSeconds(1)))
                : Mono.error(new TransientProviderException("503")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config()
                .retry(Fixtures.retries().maxAttempts(2).maxRateLimitRetries(5).build()).build()).build();
        List<WorkItemResult<String, Void>> results = new java.util.ArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe(results::add);
        vts.advanceTimeBy(Duration.ofMinutes(10));
        // four rate limits did not use up the two attempts for the transient error
        assertThat(strategy.calls).extracting(Fixtures.Call::attempt).containsExactly(1, 1, 1, 1, 1, 2);
        assertThat(strategy.calls).extracting(Fixtures.Call::rateLimitRetries).containsExactly(0, 1, 2, 3, 4, 4);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.TRANSIENT);
            assertThat(r.attempts()).isEqualTo(6);
            assertThat(r.error().message()).isEqualTo("attempts exhausted (2 of 2); last: 503");
        });
    }

    @Test
    void tooManyRateLimitsFailTheItemAsRateLimit() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> Mono.error(new RateLimitException("429", Duration.ofSeconds(1))));
        var processor = Fixtures.<String>processor(vts, Fixtures.config()
                .retry(Fixtures.retries().maxRateLimitRetries(2).build()).build()).build();
        List<WorkItemResult<String, Void>> results = new java.util.ArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe(results::add);
        vts.advanceTimeBy(Duration.ofMinutes(10));
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.RATE_LIMIT);
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(r.error().message()).isEqualTo("rate-limit retries exhausted (2 of 2); last: 429");
            assertThat(r.error().retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(r.error().errorType()).isEqualTo("RateLimitException");
        });
    }

    @Test
    void aStrategyThatThrowsOrReturnsNothingFailsOnlyItsItem() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        LLMCallStrategy<String> throwing = (p, a) -> {
            throw new IllegalStateException("bug in strategy");
        };
        LLMCallStrategy<String> empty = (p, a) -> Mono.empty();
        LLMCallStrategy<String> fine = (p, a) -> ok("fine");
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        BatchResult<String, Void> result = processor.processAll(List.of(LLMWorkItem.of("a", throwing, "p"),
                LLMWorkItem.of("b", empty, "p"), LLMWorkItem.of("c", fine, "p"))).block();
        assertThat(result.results()).extracting(WorkItemResult::errorKind)
                .containsExactly(ErrorKind.PERMANENT, ErrorKind.PERMANENT, null);
        assertThat(result.results().get(0).error().message()).contains("bug in strategy");
        assertThat(result.results().get(1).error().message()).contains("without a response");
    }
}
