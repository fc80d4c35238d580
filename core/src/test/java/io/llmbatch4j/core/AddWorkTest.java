package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The add-then-run style: {@code addWork} then {@code processAll()}. */
class AddWorkTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(1));

    @Test
    void addWorkDuringARunningProcessAllIsRefusedAndTheRunKeepsItsItems() {
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        Fixtures.items(strategy, 3).forEach(processor::addWork);
        AtomicReference<BatchResult<String, Void>> out = new AtomicReference<>();
        processor.processAll().subscribe(out::set);

        assertThatThrownBy(() -> processor.addWork(LLMWorkItem.of("late", strategy, "p")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("processAll()").hasMessageContaining("running");
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(out.get().results()).hasSize(3).allMatch(WorkItemResult::success);

        processor.addWork(LLMWorkItem.of("next", strategy, "p")); // accepted again once the run is over
        processor.processAll().subscribe(out::set);
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(out.get().results()).extracting(WorkItemResult::itemId).containsExactly("next");
    }

    @Test
    void theSameItemInstanceAddedTwiceIsRefusedAtAddWork() {
        var processor = Fixtures.<String>processor(vts, Fixtures.config().build()).build();
        LLMWorkItem<String, Void> item = LLMWorkItem.of("a", strategy, "p");
        processor.addWork(item);
        assertThatThrownBy(() -> processor.addWork(item))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'").hasMessageContaining("twice");
        processor.addWork(LLMWorkItem.of("b", strategy, "p"));
        AtomicReference<BatchResult<String, Void>> out = new AtomicReference<>();
        processor.processAll().subscribe(out::set);
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(out.get().results()).extracting(WorkItemResult::itemId).containsExactly("a", "b");
        processor.addWork(item); // a new batch may hold it again
    }
}
