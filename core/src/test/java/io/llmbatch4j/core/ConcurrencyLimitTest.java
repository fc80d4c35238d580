package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

class ConcurrencyLimitTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 64})
    void inFlightCallsNeverExceedMaxWorkers(int maxWorkers) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(1));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(maxWorkers).build()).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();

        processor.process(Flux.fromIterable(Fixtures.items(strategy, 200))).subscribe(results::add);
        vts.advanceTimeBy(Duration.ofSeconds(1000));

        assertThat(results).hasSize(200).allMatch(WorkItemResult::success);
        assertThat(strategy.maxInFlight.get()).isEqualTo(maxWorkers);
        // 200 one-second calls at maxWorkers at a time take ceil(200 / maxWorkers) seconds
        long lastStart = strategy.calls.stream().mapToLong(Fixtures.Call::atMillis).max().orElseThrow();
        assertThat(lastStart).isEqualTo((long) (Math.ceil(200.0 / maxWorkers) - 1) * 1000);
    }

    @Test
    void raisingMaxWorkersDuringARunActsAtOnce() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).build()).build();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 50))).subscribe();

        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(strategy.inFlight.get()).isEqualTo(2);
        processor.setMaxWorkers(8);
        assertThat(strategy.inFlight.get()).isEqualTo(8);
        assertThat(strategy.cancelled.get()).isZero();
        assertThat(processor.stats().maxWorkers()).isEqualTo(8);
    }

    @Test
    void loweringMaxWorkersLetsRunningCallsFinishAndStartsFewerAfterwards() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(8).build()).build();
        List<WorkItemResult<String, Void>> results = new CopyOnWriteArrayList<>();
        processor.process(Flux.fromIterable(Fixtures.items(strategy, 40))).subscribe(results::add);

        vts.advanceTimeBy(Duration.ofSeconds(1));
        processor.setMaxWorkers(3);
        assertThat(strategy.inFlight.get()).as("running calls are not cancelled").isEqualTo(8);
        assertThat(strategy.cancelled.get()).isZero();

        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(results).hasSize(8);
        assertThat(strategy.inFlight.get()).isEqualTo(3);
        strategy.maxInFlight.set(0);
        vts.advanceTimeBy(Duration.ofSeconds(1000));
        assertThat(strategy.maxInFlight.get()).isEqualTo(3);
        assertThat(results).hasSize(40).allMatch(WorkItemResult::success);
    }

    @Test
    void setMaxWorkersRefusesValuesOutsideOneToCeiling() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4).workerCeiling(16).build())
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processor.setMaxWorkers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWorkers")
                .hasMessageContaining("was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processor.setMaxWorkers(17))
                .hasMessageContaining("workerCeiling (16)");
    }

    @Test
    void workersChangedIsAnEvent() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(4).build())
                .observer(events::add).build();
        processor.setMaxWorkers(6, "autoscale");
        assertThat(events).singleElement().isInstanceOfSatisfying(ProcessingEvent.WorkersChanged.class, e -> {
            assertThat(e.previous()).isEqualTo(4);
            assertThat(e.current()).isEqualTo(6);
            assertThat(e.reason()).isEqualTo("autoscale");
        });
    }

    @Test
    void cancellingTheSubscriptionCancelsInFlightCalls() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var processor = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(5).build()).build();
        Disposable run = processor.process(Flux.fromIterable(Fixtures.items(strategy, 50))).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(1));
        run.dispose();
        assertThat(strategy.cancelled.get()).isEqualTo(5);
        assertThat(processor.stats().inFlight()).isZero();
    }
}
