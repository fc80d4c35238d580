package io.llmbatch4j.core.internal;

import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Sinks;

/** One run's state: its id, strategies, seen ids and totals. */
final class Run {

    final String runId;
    final long startNanos;
    final StrategyLifecycle lifecycle = new StrategyLifecycle();
    final IdFingerprintSet ids = new IdFingerprintSet();
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

    Run(String runId, long startNanos) {
        this.runId = runId;
        this.startNanos = startNanos;
    }
}
