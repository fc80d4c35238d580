package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Issue 14 point 15: a burst 429 is not a quota exhaustion; a hung call does not hold a worker for the full timeout. */
class HungCallsAndBurstLimitsTest {

    private static RateLimitException burst429(long requestsRemaining) {
        RateLimitSnapshot s = new RateLimitSnapshot("openai", Instant.EPOCH, 10_000L, requestsRemaining,
                Duration.ofSeconds(6), 2_000_000L, 1_900_000L, Duration.ofSeconds(6));
        return new RateLimitException("429 Rate limit reached for requests", Duration.ofMillis(50), null,
                TokenUsage.ZERO, s);
    }

    @Test
    void a429WithCapacityLeftDelaysOnlyItsItemAndStartsNoCooldown() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) ->
                call.itemId().equals("item-0") && n.get() == 1
                        ? Mono.delay(Duration.ofMillis(100), vts).then(Mono.error(burst429(9_000)))
                        : Mono.delay(Duration.ofMillis(100), vts).thenReturn(LLMResponse.of("ok")));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(12)
                .retry(RetryConfig.builder().jitter(0).build()).build()).observer(events::add).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 12))).subscribe(results::add);

        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(processor.stats().cooldownActive()).as("no coordinated cooldown for a burst").isFalse();
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(results).hasSize(12).allMatch(WorkItemResult::success);
        assertThat(strategy.callTimes("item-0")).as("retried after its own retry-after (50 ms)")
                .containsExactly(0L, 150L);
        assertThat(events).filteredOn(ProcessingEvent.CooldownStarted.class::isInstance).isEmpty();
        assertThat(processor.stats().rateLimitCount()).as("still counted as a rate limit").isEqualTo(1);
    }

    @Test
    void a429WithTheWindowSpentStillPausesEveryWorker() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) ->
                call.itemId().equals("item-0") && n.get() == 1
                        ? Mono.delay(Duration.ofMillis(100), vts).then(Mono.error(burst429(0)))
                        : Mono.delay(Duration.ofMillis(100), vts).thenReturn(LLMResponse.of("ok")));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 12))).subscribe();
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertThat(processor.stats().cooldownActive()).isTrue();
        vts.advanceTimeBy(Duration.ofMinutes(1));
    }

    @Test
    void aHungAttemptIsCutAtTheAdaptiveTimeoutAndTheLastAttemptGetsTheFullTimeout() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        // every item answers in 100 ms, except item-hang whose first two attempts hang and whose third is slow (40 s)
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> {
            if (!call.itemId().equals("item-hang")) {
                return Mono.delay(Duration.ofMillis(100), vts).thenReturn(LLMResponse.of("ok"));
            }
            return n.get() < 3 ? Mono.never() : Mono.delay(Duration.ofSeconds(40), vts).thenReturn(LLMResponse.of("late"));
        });
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2)
                .timeoutPerItem(Duration.ofSeconds(60))
                .retry(RetryConfig.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(100)).jitter(0).build())
                .adaptiveTimeout(AdaptiveTimeout.builder().minSamples(20).floor(Duration.ofSeconds(2)).build())
                .build()).build();
        List<LLMWorkItem<String, Void>> items = new java.util.ArrayList<>(Fixtures.items(strategy, 40));
        items.add(LLMWorkItem.of("item-hang", strategy, "p"));
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        processor.process(Flux.fromIterable(items)).subscribe(results::add);

        vts.advanceTimeBy(Duration.ofSeconds(5)); // 40 x 100 ms on 2 workers, then the hung item's first attempt
        vts.advanceTimeBy(Duration.ofSeconds(5));
        long[] times = strategy.callTimes("item-hang").stream().mapToLong(Long::longValue).toArray();
        assertThat(times).as("the first hang is cut after 2 s (10 x p99 is below the floor) and retried").hasSize(3);
        assertThat(times[1] - times[0]).isEqualTo(2_100L);
        assertThat(times[2] - times[1]).isEqualTo(2_200L);
        vts.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(results).hasSize(41).allMatch(WorkItemResult::success);
        assertThat(results).filteredOn(r -> r.itemId().equals("item-hang")).singleElement()
                .satisfies(r -> assertThat(r.output()).as("the last attempt had the full 60 s").isEqualTo("late"));
    }
}
