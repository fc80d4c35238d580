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
    /** Set when the run's subscription is cancelled, before its items are: no waiter starts a call then. */
    volatile boolean cancelled;

    boolean isCancelled() {
        return cancelled;
    }

    Run(String runId, long startNanos, boolean detectDuplicateIds) {
        this.runId = runId;
        this.startNanos = startNanos;
        this.ids = detectDuplicateIds ? new IdFingerprintSet() : null;
    }
}
