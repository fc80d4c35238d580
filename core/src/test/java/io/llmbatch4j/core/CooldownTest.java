package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class CooldownTest {

    private static Mono<LLMResponse<String>> okAfter(VirtualTimeScheduler vts, Duration d) {
        return Mono.delay(d, vts).thenReturn(LLMResponse.of("ok"));
    }

    @Test
    void aRateLimitPausesEveryWorkerForTheRetryAfter() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) ->
                call.itemId().equals("item-0") && n.get() == 1
                        ? Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(
                                new RateLimitException("429", Duration.ofSeconds(20))))
                        : okAfter(vts, Duration.ofSeconds(1)));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4).build())
                .observer(events::add).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 12))).subscribe(results::add);

        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(processor.stats().cooldownActive()).isTrue();
        int callsAtPause = strategy.calls.size();
        vts.advanceTimeBy(Duration.ofSeconds(19));
        assertThat(strategy.calls).as("no call starts during the cooldown").hasSize(callsAtPause);
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(strategy.calls.size()).isGreaterThan(callsAtPause);
        assertThat(strategy.calls.stream().filter(c -> c.atMillis() > 1000 && c.atMillis() < 21000)).isEmpty();

        vts.advanceTimeBy(Duration.ofMinutes(5));
        assertThat(results).hasSize(12).allMatch(WorkItemResult::success);
        assertThat(events).filteredOn(ProcessingEvent.CooldownStarted.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((ProcessingEvent.CooldownStarted) e).duration())
                        .isEqualTo(Duration.ofSeconds(20)));
        assertThat(events).filteredOn(ProcessingEvent.CooldownEnded.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(ProcessingEvent.RateLimited.class::isInstance).hasSize(1);
        assertThat(processor.stats().cooldownTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(processor.stats().rateLimitCount()).isEqualTo(1);
    }

    @Test
    void withoutRetryAfterTheConfiguredCooldownEscalatesOnConsecutiveRateLimitsAndIsCapped() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> n.get() <= 4
                ? Mono.error(new RateLimitException("429 Too Many Requests"))
                : Mono.just(LLMResponse.of("ok")));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(1)
                .rateLimit(RateLimitConfig.builder().cooldown(Duration.ofSeconds(2)).cooldownMultiplier(3)
                        .maxCooldown(Duration.ofSeconds(30)).slowStartInitialFraction(1.0).build())
                .build()).observer(events::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 1))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(5));
        assertThat(events).filteredOn(ProcessingEvent.CooldownStarted.class::isInstance)
                .extracting(e -> ((ProcessingEvent.CooldownStarted) e).duration())
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(18),
                        Duration.ofSeconds(30));
        assertThat(strategy.callTimes("item-0")).containsExactly(0L, 2000L, 8000L, 26000L, 56000L);
    }

    @Test
    void theCooldownGatesRetriesWaitingInBackoffToo() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        // item-0 fails transiently at t=0 and would retry at t=1s; item-1 hits a 10 s rate limit at t=0.5s
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            if (call.itemId().equals("item-0")) {
                return n.get() == 1 ? Mono.error(new TransientProviderException("503")) : Mono.just(LLMResponse.of("ok"));
            }
            return n.get() == 1
                    ? Mono.delay(Duration.ofMillis(500), vts).then(Mono.error(new RateLimitException("429",
                            Duration.ofSeconds(10))))
                    : Mono.just(LLMResponse.of("ok"));
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 2))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(strategy.callTimes("item-0")).containsExactly(0L, 10500L);
        assertThat(strategy.callTimes("item-1")).containsExactly(0L, 10500L);
    }

    @Test
    void callsRunningWhenACooldownStartsKeepRunningAndTheSlowStartCountsThem() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) ->
                call.itemId().equals("item-0") && n.get() == 1
                        ? Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(
                                new RateLimitException("429", Duration.ofSeconds(10))))
                        : okAfter(vts, Duration.ofSeconds(100)));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(16)
                .rateLimit(RateLimitConfig.builder().slowStartInitialFraction(0.25)
                        .slowStartInterval(Duration.ofSeconds(2)).build()).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 100))).subscribe();

        vts.advanceTimeBy(Duration.ofSeconds(11));
        assertThat(strategy.inFlight.get()).as("15 calls started before the 429 keep running").isEqualTo(15);
        assertThat(strategy.cancelled.get()).isZero();
        // the slow start caps the limit at 4, then 8, then lifts it: 15 calls already hold more than 8
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(strategy.inFlight.get()).isEqualTo(15);
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(strategy.inFlight.get()).isEqualTo(16);
    }

    @Test
    void slowStartRampsTheWorkerLimitByDoubling() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        // every call of item-0..item-15 fails at once the first time: one 429 then quick calls
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) ->
                call.itemId().equals("item-0") && n.get() == 1
                        ? Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(new RateLimitException("429",
                                Duration.ofSeconds(10))))
                        : okAfter(vts, Duration.ofSeconds(1000)));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(16)
                .rateLimit(RateLimitConfig.builder().slowStartInitialFraction(0.25)
                        .slowStartInterval(Duration.ofSeconds(2)).build()).build()).build();
        processor.setMaxWorkers(1);
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 100))).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(1)); // the 429 arrives; cooldown until t=11
        processor.setMaxWorkers(16);
        assertThat(strategy.inFlight.get()).isZero();
        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(strategy.inFlight.get()).isEqualTo(4);
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(strategy.inFlight.get()).isEqualTo(8);
        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(strategy.inFlight.get()).isEqualTo(16);
    }

    @Test
    void staleRateLimitsFromCallsStartedBeforeTheCooldownDoNotStartAnother() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        // all 4 calls start at t=0; they answer 429 at t=1, 2, 3 and 30 (after the first cooldown ended)
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            int i = Integer.parseInt(call.itemId().substring(5));
            long at = i == 3 ? 30 : i + 1;
            return n.get() == 1
                    ? Mono.delay(Duration.ofSeconds(at), vts).then(Mono.error(new RateLimitException("429")))
                    : Mono.just(LLMResponse.of("ok"));
        });
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4)
                .rateLimit(RateLimitConfig.builder().cooldown(Duration.ofSeconds(5)).slowStartInitialFraction(1.0)
                        .build()).build()).observer(events::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 4))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(2));
        assertThat(events).filteredOn(ProcessingEvent.CooldownStarted.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(ProcessingEvent.RateLimited.class::isInstance).hasSize(4);
    }

    @Test
    void aLongerRetryAfterDuringACooldownExtendsIt() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            if (n.get() > 1) {
                return Mono.just(LLMResponse.of("ok"));
            }
            return call.itemId().equals("item-0")
                    ? Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(new RateLimitException("429",
                            Duration.ofSeconds(5))))
                    : Mono.delay(Duration.ofSeconds(2), vts).then(Mono.error(new RateLimitException("429",
                            Duration.ofSeconds(30))));
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 2))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(2));
        assertThat(strategy.callTimes("item-0")).containsExactly(0L, 32000L);
        assertThat(processor.stats().cooldownTime()).isEqualTo(Duration.ofSeconds(31));
    }
}
