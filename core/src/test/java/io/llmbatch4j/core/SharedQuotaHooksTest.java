package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import io.llmbatch4j.core.quota.LocalQuotaLedger;
import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaSignals;
import io.llmbatch4j.core.quota.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The engine's side of the quota SPI: learned limits, a store's ledger, shared cooldowns. */
class SharedQuotaHooksTest {

    /** A store wrapping the in-memory ledger that records what the engine tells it and keeps its signals. */
    private static final class RecordingStore implements QuotaStore {
        final AtomicReference<QuotaSignals> signals = new AtomicReference<>();
        final List<Duration> cooldownsStarted = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public QuotaLedger open(QuotaLimits configured, QuotaSignals s, long nowNanos) {
            signals.set(s);
            LocalQuotaLedger local = new LocalQuotaLedger(configured, nowNanos);
            return new io.llmbatch4j.core.quota.ForwardingLedgerForTest(local) {
                @Override
                public void cooldownStarted(Duration length) {
                    cooldownsStarted.add(length);
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            };
        }
    }

    private static LLMResponse<String> withHeaders(long requestsLimit) {
        return new LLMResponse<>("ok", TokenUsage.of(1, 1), "m", new RateLimitSnapshot("openai", Instant.EPOCH,
                requestsLimit, requestsLimit - 1, Duration.ofMillis(10), null, null, null));
    }

    @Test
    void withLearningOnTheHeadersLimitSetsTheBudgetAndWithoutItNothingIsPaced() {
        for (boolean learn : new boolean[] {true, false}) {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(100), vts)
                    .thenReturn(withHeaders(60)));
            var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(1)
                    .rateLimit(RateLimitConfig.builder().learnLimits(learn).build()).build()).build();
            // one item every 500 ms (a budget is reserved before the worker gate: items must arrive over time)
            processor.process(Flux.fromIterable(Fixtures.items(strategy, 5)).delayElements(Duration.ofMillis(500), vts))
                    .subscribe();
            vts.advanceTimeBy(Duration.ofMinutes(1));

            List<Long> times = strategy.calls.stream().map(Fixtures.Call::atMillis).toList();
            assertThat(times).hasSize(5);
            if (learn) {
                // the first answer (at 600 ms) said 60 per minute: then one per ~1.03 s (98% of it)
                assertThat(times.subList(0, 2)).containsExactly(500L, 1000L);
                for (int i = 2; i < 5; i++) {
                    assertThat(times.get(i) - times.get(i - 1)).as("gap before call %d", i).isBetween(1000L, 1100L);
                }
            } else {
                assertThat(times).containsExactly(500L, 1000L, 1500L, 2000L, 2500L);
            }
        }
    }

    @Test
    void withLearningOnTheHeadersTokenLimitPacesTheCallsByTheirTokens() {
        for (boolean upFront : new boolean[] {false, true}) {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            // 600 tokens per minute (learned: 98%, 588), no request limit; each call spends 98 tokens: one per 10 s
            ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(100), vts)
                    .thenReturn(new LLMResponse<>("ok", TokenUsage.of(49, 49), "m", new RateLimitSnapshot("openai",
                            Instant.EPOCH, null, null, null, 600L, 500L, Duration.ofSeconds(10)))));
            var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(upFront ? 10 : 1)
                    .rateLimit(RateLimitConfig.builder().learnLimits(true).build()).build()).build();
            // up front, with workers to spare: all 5 ask for a reservation before the first answer teaches the
            // limit; only one may go before it, else all 5 keep reservations granted with no limit
            Flux<LLMWorkItem<String, Void>> items = Flux.fromIterable(Fixtures.items(strategy, 5));
            processor.process(upFront ? items : items.delayElements(Duration.ofMillis(500), vts)).subscribe();
            vts.advanceTimeBy(Duration.ofMinutes(2));

            List<Long> times = strategy.calls.stream().map(Fixtures.Call::atMillis).toList();
            assertThat(times).as("calls (items up front: %s)", upFront).hasSize(5);
            for (int i = 2; i < 5; i++) {
                assertThat(times.get(i) - times.get(i - 1)).as("gap before call %d (items up front: %s)", i, upFront)
                        .isBetween(9_000L, 11_000L);
            }
        }
    }

    @Test
    void aStoresLedgerIsToldOfCooldownsAndClosedWithTheProcessor() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        RecordingStore store = new RecordingStore();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> calls.incrementAndGet() == 1
                ? Mono.error(new RateLimitException("429", Duration.ofSeconds(2)))
                : Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(1)
                .rateLimit(RateLimitConfig.builder().requestsPerMinute(600).quotaStore(store).build()).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 2))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(store.cooldownsStarted).containsExactly(Duration.ofSeconds(2));
        assertThat(store.closed).isFalse();
        processor.close();
        assertThat(store.closed).isTrue();
    }

    @Test
    void aCooldownFromAnotherJvmHoldsEveryStartUntilItEnds() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        RecordingStore store = new RecordingStore();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.just(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4)
                .rateLimit(RateLimitConfig.builder().quotaStore(store).slowStartInitialFraction(1.0).build()).build())
                .build();
        List<LLMWorkItem<String, Void>> items = Fixtures.items(strategy, 2);
        processor.process(Flux.just(items.get(0))
                .concatWith(Mono.delay(Duration.ofSeconds(2), vts).thenReturn(items.get(1)))).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(1));
        store.signals.get().cooldown(Duration.ofSeconds(5));
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(strategy.callTimes("item-0")).containsExactly(0L);
        assertThat(strategy.callTimes("item-1")).as("held by the remote cooldown from 1 s to 6 s").containsExactly(6000L);
        assertThat(store.cooldownsStarted).as("a remote cooldown is not announced back").isEmpty();
    }
}
