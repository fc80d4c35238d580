package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class QuotaBudgetTest {

    private static ProcessorConfig budgeted(RateLimitConfig.Builder rateLimit, int workers) {
        return Fixtures.config().maxWorkers(workers).rateLimit(rateLimit.slowStartInitialFraction(1.0).build()).build();
    }

    @Test
    void aRequestBudgetPacesCallsEvenlyWhateverTheWorkers() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, budgeted(RateLimitConfig.builder().requestsPerMinute(60), 100))
                .build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 10))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(strategy.calls).extracting(Fixtures.Call::atMillis)
                .containsExactly(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L);
    }

    @Test
    void aTokenBudgetIsCorrectedByActualUsageSoNoMinuteSpendsMoreThanItAllowsPlusOneCall() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        // every call spends 20 tokens although the estimator guesses 10
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(200), vts)
                .thenReturn(new LLMResponse<>("ok", TokenUsage.of(15, 5), "m")));
        var processor = Fixtures.<String>processor(vts, budgeted(RateLimitConfig.builder().tokensPerMinute(600)
                .tokenEstimator(prompt -> 10), 50)).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 90))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(5));

        List<Long> times = strategy.calls.stream().map(Fixtures.Call::atMillis).toList();
        assertThat(times).hasSize(90);
        for (long from = 0; from <= times.get(times.size() - 1); from += 1000) {
            long start = from;
            long inWindow = times.stream().filter(t -> t >= start && t < start + 60_000).count();
            assertThat(inWindow * 20).as("tokens started in the minute from %d ms", start).isLessThanOrEqualTo(600 + 20);
        }
        // and it still uses the budget: 90 calls x 20 tokens at 10 tokens/s take about 180 s
        assertThat(times.get(89)).isBetween(160_000L, 185_000L);
    }

    @Test
    void aRateLimitedCallReturnsItsReservation() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger calls = new AtomicInteger();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> calls.incrementAndGet() == 1
                ? Mono.error(new RateLimitException("429", Duration.ofSeconds(1)))
                : Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, budgeted(RateLimitConfig.builder().requestsPerMinute(60), 1))
                .build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 3))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        // the 429 at 0 s was refunded: the retry takes its place after the 1 s cooldown, then 1/s again
        assertThat(strategy.calls).extracting(Fixtures.Call::atMillis).containsExactly(0L, 1000L, 2000L, 3000L);
    }

    @Test
    void providerHeadersReportingAnExhaustedWindowHoldEveryStartUntilItResets() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(100), vts)
                .thenReturn(new LLMResponse<>("ok", TokenUsage.of(1, 1), "m", new RateLimitSnapshot("openai",
                        Instant.EPOCH, 100L, 0L, Duration.ofSeconds(5), null, null, null))));
        var processor = Fixtures.<String>processor(vts, budgeted(RateLimitConfig.builder().requestsPerMinute(600), 4))
                .build();
        List<LLMWorkItem<String, Void>> items = Fixtures.items(strategy, 2);
        processor.process(Flux.just(items.get(0))
                .concatWith(Mono.delay(Duration.ofSeconds(1), vts).thenReturn(items.get(1)))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        // the provider counted when the call started (0 s): its window resets 5 s later
        assertThat(strategy.callTimes("item-1")).containsExactly(5000L);
    }

    @Test
    void fewerProviderTokensLeftThanACallSpendsHoldTheTokenBudgetUntilTheTokenWindowResets() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(100), vts)
                .thenReturn(new LLMResponse<>("ok", TokenUsage.of(30, 10), "m", new RateLimitSnapshot("openai",
                        Instant.EPOCH, null, null, null, 100_000L, 25L, Duration.ofSeconds(3)))));
        var processor = Fixtures.<String>processor(vts, budgeted(RateLimitConfig.builder().tokensPerMinute(600_000)
                .tokenEstimator(p -> 40), 4)).build();
        List<LLMWorkItem<String, Void>> items = Fixtures.items(strategy, 2);
        processor.process(Flux.just(items.get(0))
                .concatWith(Mono.delay(Duration.ofSeconds(1), vts).thenReturn(items.get(1)))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        // 25 tokens left < the 40 a call spends: wait for the token window's reset, 3 s after the first call
        assertThat(strategy.callTimes("item-1")).containsExactly(3000L);
    }

    @Test
    void negativeBudgetsAreRefusedNamingTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimitConfig.builder().requestsPerMinute(-1)
                .tokensPerMinute(-5).budgetBurst(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("requestsPerMinute").hasMessageContaining("tokensPerMinute")
                .hasMessageContaining("budgetBurst");
        assertThat(RateLimitConfig.defaults().budgeted()).isFalse();
        assertThat(RateLimitConfig.builder().tokensPerMinute(1).build().toBuilder().build().tokensPerMinute()).isEqualTo(1);
    }

    @Test
    void withoutProviderFollowingTheHeadersAreIgnored() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(100), vts)
                .thenReturn(new LLMResponse<>("ok", TokenUsage.of(1, 1), "m", new RateLimitSnapshot("openai",
                        Instant.EPOCH, 100L, 0L, Duration.ofSeconds(5), null, null, null))));
        var processor = Fixtures.<String>processor(vts, budgeted(RateLimitConfig.builder().requestsPerMinute(600)
                .followProviderQuota(false), 4)).build();
        List<LLMWorkItem<String, Void>> items = Fixtures.items(strategy, 2);
        processor.process(Flux.just(items.get(0))
                .concatWith(Mono.delay(Duration.ofSeconds(1), vts).thenReturn(items.get(1)))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(strategy.callTimes("item-1")).containsExactly(1000L);
    }

    @Test
    void attemptEndedCarriesTheStrategysTargetAndTheQuotaSnapshotOfAnswersAnd429s() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        RateLimitSnapshot snapshot = new RateLimitSnapshot("openai", Instant.EPOCH, 10L, 3L, Duration.ofSeconds(1),
                null, null, null);
        AtomicInteger calls = new AtomicInteger();
        LLMCallStrategy<String> strategy = new LLMCallStrategy<>() {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                return calls.incrementAndGet() == 1
                        ? Mono.error(new RateLimitException("429", Duration.ofSeconds(1), null, TokenUsage.ZERO, snapshot))
                        : Mono.just(new LLMResponse<>("ok", TokenUsage.of(3, 2), "gpt-x-2025", snapshot));
            }

            @Override
            public CallTarget describe(Attempt attempt) {
                return CallTarget.chat("openai", "gpt-x");
            }
        };
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).observer(events::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        List<ProcessingEvent.AttemptEnded> ended = events.stream().filter(ProcessingEvent.AttemptEnded.class::isInstance)
                .map(ProcessingEvent.AttemptEnded.class::cast).toList();
        assertThat(ended).hasSize(2).allSatisfy(e -> {
            assertThat(e.rateLimit()).isEqualTo(snapshot);
            assertThat(e.target()).isEqualTo(CallTarget.chat("openai", "gpt-x"));
            assertThat(e.provider()).isEqualTo("openai");
        });
        assertThat(ended.get(0).error().kind()).isEqualTo(ErrorKind.RATE_LIMIT);
        assertThat(ended.get(1).model()).isEqualTo("gpt-x-2025");
    }
}
