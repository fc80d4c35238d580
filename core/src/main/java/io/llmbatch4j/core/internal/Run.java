package io.llmbatch4j.core.internal;

import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Sinks;

/** One run's state: its id, strategies, seen ids and totals (the totals are kept only for observers). */
final class Run {

    final String runId;
    final long startNanos;
    final StrategyLifecycle lifecycle = new StrategyLifecycle();
    /** Null when the processor does not check for duplicate ids. */
    final @Nullable IdFingerprintSet ids;
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final UsageCounter usage = new UsageCounter();
    final Sinks.Empty<Void> finished = Sinks.empty();
    /** Only touched from the run's serialized {@code onNext} path. */
    long nextIndex;
    /**
     * Set when the run's subscription is cancelled (by the first item cancelled, before its call
     * is): no waiter starts a call then.
     */
    volatile boolean cancelled;

    private volatile @Nullable StoppableFlux<?> source;
    private volatile @Nullable Throwable closedWith;

    /** The run's results, stoppable by {@link #close}. */
    <T> StoppableFlux<T> stoppable(org.reactivestreams.Publisher<? extends T> items) {
        StoppableFlux<T> s = new StoppableFlux<>(items);
        source = s;
        Throwable e = closedWith;
        if (e != null) {
            s.close(e);
        }
        return s;
    }

    /** Ends the run with {@code error}: its source and its items in flight are cancelled. */
    void close(Throwable error) {
        closedWith = error;
        StoppableFlux<?> s = source;
        if (s != null) {
            s.close(error);
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Whether items emit their result instead of their task. */
    final boolean emitResults;

    Run(String runId, long startNanos, boolean detectDuplicateIds, boolean emitResults) {
        this.emitResults = emitResults;
        this.runId = runId;
        this.startNanos = startNanos;
        this.ids = detectDuplicateIds ? new IdFingerprintSet() : null;
    }
}
