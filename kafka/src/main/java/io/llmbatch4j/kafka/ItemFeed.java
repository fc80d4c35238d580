package io.llmbatch4j.kafka;

import io.llmbatch4j.core.LLMWorkItem;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Hands items to the engine, at most {@code window} of them between hand-off and result. The engine
 * takes items well ahead of its workers (they wait at its worker gate); keeping the rest here means
 * a revoked partition's items that have not started can be dropped at once ({@link #purge()}),
 * instead of being waited for. Items of a partition no longer active are dropped, not handed over.
 * {@link #offer} is called by the poll thread, {@link #ended()} once per result by the engine's
 * threads; the hand-off loop is serialized (one thread at a time, never blocking).
 */
final class ItemFeed<T, C> {

    private final Queue<LLMWorkItem<T, RecordContext<C>>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inEngine = new AtomicInteger();
    private final int window;
    private final Queue<Settlement> settled;
    private final Counters counters;
    private volatile @Nullable FluxSink<LLMWorkItem<T, RecordContext<C>>> sink;
    private volatile boolean done;
    private boolean completed;

    ItemFeed(int window, Queue<Settlement> settled, Counters counters) {
        this.window = window;
        this.settled = settled;
        this.counters = counters;
    }

    /** {@return the items for the engine; subscribe once} */
    Flux<LLMWorkItem<T, RecordContext<C>>> items() {
        return Flux.create(s -> {
            sink = s;
            s.onRequest(n -> pump());
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    void offer(LLMWorkItem<T, RecordContext<C>> item) {
        waiting.add(item);
        pump();
    }

    /** One item handed over has its result. */
    void ended() {
        inEngine.decrementAndGet();
        pump();
    }

    /** Drops the waiting items of partitions no longer active (revoked, closing). */
    void purge() {
        waiting.removeIf(item -> {
            boolean drop = tracker(item).state != PartitionTracker.ACTIVE;
            if (drop) {
                giveUp(item);
            }
            return drop;
        });
    }

    /** No more items: the engine's run ends once those handed over have their results. */
    void complete() {
        purge();
        done = true;
        pump();
    }

    private void pump() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            FluxSink<LLMWorkItem<T, RecordContext<C>>> s = sink;
            while (s != null && s.requestedFromDownstream() > 0 && inEngine.get() < window) {
                LLMWorkItem<T, RecordContext<C>> item = waiting.poll();
                if (item == null) {
                    break;
                }
                if (tracker(item).state != PartitionTracker.ACTIVE) {
                    giveUp(item);
                    continue;
                }
                inEngine.incrementAndGet();
                s.next(item);
            }
            if (s != null && done && waiting.isEmpty() && !completed) {
                completed = true;
                s.complete();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void giveUp(LLMWorkItem<T, RecordContext<C>> item) {
        PartitionTracker tracker = tracker(item);
        if (tracker.state == PartitionTracker.DRAINING) { // a closed partition counted its records when it closed
            counters.givenUp.increment();
            settled.add(Settlement.givenUp(tracker, Objects.requireNonNull(item.context()).offset()));
        }
    }

    private static PartitionTracker tracker(LLMWorkItem<?, ? extends RecordContext<?>> item) {
        return Objects.requireNonNull(item.context()).tracker;
    }
}
