package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.RunOutcome;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code processAll}'s results: one slot per input item, filled by index as items end, so the
 * {@link BatchResult} keeps input order; a slot the run never filled (a close came before the run
 * took the item) becomes a CANCELLED result with no attempt.
 */
final class BatchCollector<T, C> {

    private final List<LLMWorkItem<T, C>> items;
    private final List<WorkItemResult<T, C>> slots;
    private final EngineClock clock;
    private final long startNanos;
    private volatile RunOutcome outcome = RunOutcome.COMPLETED;

    BatchCollector(List<LLMWorkItem<T, C>> items, EngineClock clock) {
        this.items = items;
        this.slots = new ArrayList<>(Collections.nCopies(items.size(), null));
        this.clock = clock;
        this.startNanos = clock.nanoTime();
    }

    /** Results arrive one at a time (a stream's signals are serialized). */
    void add(IndexedResult<T, C> r) {
        slots.set((int) r.index(), r.result());
    }

    void outcome(RunOutcome o) {
        outcome = o;
    }

    BatchResult<T, C> result() {
        long ok = 0;
        TokenUsage usage = TokenUsage.ZERO;
        LatencyHistogram latency = new LatencyHistogram();
        for (int i = 0; i < slots.size(); i++) {
            WorkItemResult<T, C> r = slots.get(i);
            if (r == null) {
                LLMWorkItem<T, C> item = items.get(i);
                r = WorkItemResult.failure(item.itemId(), ErrorInfo.of(ErrorKind.CANCELLED,
                        "the processor was closed before the run took the item"), TokenUsage.ZERO, 0, Duration.ZERO,
                        item.context());
                slots.set(i, r);
            }
            if (r.success()) {
                ok++;
            }
            usage = usage.plus(r.usage());
            latency.record(r.duration().toNanos());
        }
        return new BatchResult<>(slots, ok, slots.size() - ok, usage, clock.since(startNanos), latency.summary(),
                outcome);
    }
}
