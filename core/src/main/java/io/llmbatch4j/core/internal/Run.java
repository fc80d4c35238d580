package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.RunOutcome;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/**
 * One run's state: its id, strategies, seen ids, totals (kept only for observers) and how it is
 * stopped. A call pool has one long-lived shared run. Items register in {@link #active} when they
 * start if something may stop the run early (a batch deadline, fail-fast, a pool's close);
 * otherwise only items that did not end during their start register (so a cancel finds them),
 * and an item that ends at once pays nothing.
 */
final class Run {

    private static final AtomicReferenceFieldUpdater<Run, ErrorInfo> STOP =
            AtomicReferenceFieldUpdater.newUpdater(Run.class, ErrorInfo.class, "stopReason");

    final String runId;
    final long startNanos;
    final StrategyLifecycle lifecycle = new StrategyLifecycle();
    /** Null when the processor does not check for duplicate ids. */
    final @Nullable IdSet ids;
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final UsageCounter usage = new UsageCounter();
    final Sinks.Empty<Void> finished = Sinks.empty();
    /** True for a call pool's run: a cancelled call does not cancel the run. */
    final boolean shared;
    /** Items not yet ended (see the class comment for which). */
    final Set<ItemTask<?, ?>> active = ConcurrentHashMap.newKeySet();
    /** Whether something may stop the run early: then every item registers in {@link #active} as it starts. */
    final boolean stoppable;
    /**
     * Set when the run's stream is cancelled or closed (or, in any run, by its first item
     * cancelled, before that item's call is): no waiter starts a call then.
     */
    volatile boolean cancelled;
    /** Why the run stopped early (deadline, abort); new and waiting items end with it. */
    volatile @Nullable ErrorInfo stopReason;
    volatile @Nullable RunOutcome stoppedAs;
    volatile @Nullable Disposable deadlineTimer;
    /** Told how the run ended, when it has. */
    java.util.function.Consumer<RunOutcome> onOutcome = o -> { };
    private volatile ItemStream.@Nullable Main<?, ?> stream;
    private volatile @Nullable Throwable closedWith;

    Run(String runId, long startNanos, boolean detectDuplicateIds, boolean shared, boolean stoppable) {
        this.runId = runId;
        this.startNanos = startNanos;
        this.ids = detectDuplicateIds ? new IdSet() : null;
        this.shared = shared;
        this.stoppable = stoppable;
    }

    /**
     * Stops the run early, once: every item not yet ended ends with {@code reason}, except items
     * in a call when {@code cancelRunning} is false (they finish that call, without retries).
     *
     * @return false when the run was already stopped
     */
    boolean stop(ErrorInfo reason, RunOutcome outcome, boolean cancelRunning, Runnable announce) {
        if (!STOP.compareAndSet(this, null, reason)) {
            return false;
        }
        stoppedAs = outcome;
        announce.run();
        for (ItemTask<?, ?> task : active) {
            task.stop(reason, cancelRunning);
        }
        return true;
    }

    /** How the run ended, once it has. */
    RunOutcome outcome() {
        RunOutcome o = stoppedAs;
        if (o != null) {
            return o;
        }
        return cancelled || closedWith != null ? RunOutcome.CANCELLED : RunOutcome.COMPLETED;
    }

    /** The run's stream, as it subscribes (before its source): {@link #close} stops it. */
    void attach(ItemStream.Main<?, ?> s) {
        stream = s;
        Throwable e = closedWith;
        if (e != null) {
            s.close(e);
        }
    }

    /** Ends the run with {@code error}: its source and its items in flight are cancelled. */
    void close(Throwable error) {
        closedWith = error;
        ItemStream.Main<?, ?> s = stream;
        if (s != null) {
            s.close(error);
        }
    }
}
