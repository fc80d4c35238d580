package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class AdaptiveConcurrencyTest {

    private static List<ProcessingEvent.WorkersChanged> changes(List<ProcessingEvent> events) {
        return events.stream().filter(ProcessingEvent.WorkersChanged.class::isInstance)
                .map(ProcessingEvent.WorkersChanged.class::cast).toList();
    }

    @Test
    void aRateLimitHalvesTheWorkersOncePerCooldownAndNeverBelowTheMinimum() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        AtomicInteger calls = new AtomicInteger();
        // rounds of 8, then 4, then 3 concurrent calls are all rate limited; everything after succeeds
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofMillis(100), vts)
                .then(calls.incrementAndGet() <= 15
                        ? Mono.error(new RateLimitException("429", Duration.ofSeconds(1)))
                        : Mono.just(LLMResponse.of("ok"))));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        AdaptiveConcurrency aimd = AdaptiveConcurrency.builder().minWorkers(3).maxWorkers(8)
                .successesBeforeIncrease(1000).build();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(8).adaptiveConcurrency(aimd)
                .build()).observer(events::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 8))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(changes(events)).extracting(ProcessingEvent.WorkersChanged::previous,
                ProcessingEvent.WorkersChanged::current, ProcessingEvent.WorkersChanged::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(8, 4, AdaptiveConcurrency.REASON_DECREASE),
                        org.assertj.core.groups.Tuple.tuple(4, 3, AdaptiveConcurrency.REASON_DECREASE));
        assertThat(events).filteredOn(ProcessingEvent.CooldownStarted.class::isInstance).hasSize(3);
        assertThat(processor.stats().maxWorkers()).isEqualTo(3);
        assertThat(processor.stats().succeeded()).isEqualTo(8);
    }

    @Test
    void aRunOfSuccessesAddsOneWorkerAtATimeAndNeverAboveTheMaximum() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofMillis(100));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        AdaptiveConcurrency aimd = AdaptiveConcurrency.builder().minWorkers(1).maxWorkers(4)
                .successesBeforeIncrease(5).build();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).adaptiveConcurrency(aimd)
                .build()).observer(events::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 100))).subscribe();
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(changes(events)).extracting(ProcessingEvent.WorkersChanged::previous,
                ProcessingEvent.WorkersChanged::current).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, 3), org.assertj.core.groups.Tuple.tuple(3, 4));
        assertThat(strategy.maxInFlight.get()).isEqualTo(4);
        assertThat(processor.stats().succeeded()).isEqualTo(100);
    }

    @Test
    void aManualSetMaxWorkersStillWorksAndTheAimdGoesOnFromIt() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofMillis(100));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        AdaptiveConcurrency aimd = AdaptiveConcurrency.builder().maxWorkers(10).successesBeforeIncrease(50).build();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).adaptiveConcurrency(aimd)
                .build()).observer(events::add).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 60))).subscribe();
        vts.advanceTimeBy(Duration.ofMillis(150));
        processor.setMaxWorkers(6);
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(changes(events)).extracting(ProcessingEvent.WorkersChanged::current,
                ProcessingEvent.WorkersChanged::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6, "setMaxWorkers"),
                        org.assertj.core.groups.Tuple.tuple(7, AdaptiveConcurrency.REASON_INCREASE));
    }

    @Test
    void invalidBoundsAreRefusedNamingEveryField() {
        assertThatThrownBy(() -> AdaptiveConcurrency.builder().minWorkers(0).maxWorkers(4).decreaseFactor(1.0)
                .successesBeforeIncrease(0).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("minWorkers").hasMessageContaining("decreaseFactor")
                .hasMessageContaining("successesBeforeIncrease");
        AdaptiveConcurrency aimd = AdaptiveConcurrency.builder().minWorkers(4).maxWorkers(8).build();
        assertThatThrownBy(() -> ProcessorConfig.builder().maxWorkers(2).workerCeiling(6).adaptiveConcurrency(aimd)
                .build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("adaptiveConcurrency.maxWorkers must be <= workerCeiling (was 8 > 6)")
                .hasMessageContaining("maxWorkers must lie within adaptiveConcurrency's bounds [4, 8] (was 2)");
    }
}
