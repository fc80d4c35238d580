package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.RunOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
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

    /** An item of the run, as a stop, a cancel or a close reaches it. */
    interface Member {
        /** Ends the item with {@code reason}; a running call is cancelled or, unless {@code cancelRunning}, drained. */
        void stop(ErrorInfo reason, boolean cancelRunning);

        /** The run's stream was cancelled: the item ends CANCELLED. */
        void cancel();

        String itemId();
    }

    /** The run's stream, as a close reaches it. */
    interface Stream {
        /** Takes no more items; completes once those taken have ended. */
        void close();

        /** Items taken from the source so far. */
        long taken();

        /** True once the stream sent its terminal signal or was cancelled (a racy read, for diagnostics). */
        boolean terminated();
    }

    private static final AtomicReferenceFieldUpdater<Run, ErrorInfo> STOP =
            AtomicReferenceFieldUpdater.newUpdater(Run.class, ErrorInfo.class, "stopReason");

    final String runId;
    final long startNanos;
    final StrategyLifecycle lifecycle;
    /** Null when the processor does not check for duplicate ids. */
    final @Nullable IdSet ids;
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final UsageCounter usage = new UsageCounter();
    final Sinks.Empty<Void> finished = Sinks.empty();
    /**
     * Emitted once every item the run took has ended (by its stream, however the stream ended;
     * at once for a pool's run): the run's end (cleanup, {@code BatchCompleted}) waits for it.
     */
    final Sinks.Empty<Void> itemsEnded = Sinks.empty();
    /** True for a call pool's run: a cancelled call does not cancel the run. */
    final boolean shared;
    /** Items not yet ended (see the class comment for which). */
    final Set<Member> active = ConcurrentHashMap.newKeySet();
    /** Whether something may stop the run early: then every item registers in {@link #active} as it starts. */
    final boolean stoppable;
    /**
     * Set when the run's stream is cancelled or closed (or, in any run, by its first item
     * cancelled, before that item's call is): no waiter starts a call then.
     */
    private volatile boolean cancelled;
    /** Why the run stopped early (deadline, abort); new and waiting items end with it. */
    volatile @Nullable ErrorInfo stopReason;
    volatile @Nullable RunOutcome stoppedAs;
    private volatile @Nullable Disposable deadlineTimer;
    /** Told how the run ended, when it has. */
    final java.util.function.Consumer<RunOutcome> onOutcome;
    private volatile @Nullable Stream stream;
    /** Set by {@link #close}: items still starting check it. */
    volatile @Nullable ErrorInfo closeReason;

    Run(String runId, long startNanos, boolean detectDuplicateIds, boolean shared, boolean stoppable,
            HookCalls hooks, java.util.function.Consumer<RunOutcome> onOutcome) {
        this.onOutcome = onOutcome;
        this.runId = runId;
        this.startNanos = startNanos;
        this.ids = detectDuplicateIds ? new IdSet() : null;
        this.shared = shared;
        this.stoppable = stoppable;
        this.lifecycle = new StrategyLifecycle(hooks);
        if (shared) {
            itemsEnded.tryEmitEmpty(); // a pool's calls end on their own; its close stops them
        }
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
        for (Member task : active) {
            task.stop(reason, cancelRunning);
        }
        return true;
    }

    /** The run's stream was cancelled (or, in any run, its first item): no waiter starts a call now. */
    void markCancelled() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** The batch deadline's timer, disposed when the run ends. */
    void deadline(Disposable timer) {
        deadlineTimer = timer;
    }

    /** Stops the batch deadline's timer. */
    void disposeDeadline() {
        Disposable d = deadlineTimer;
        if (d != null) {
            d.dispose();
        }
    }

    /** How the run ended, once it has. */
    RunOutcome outcome() {
        RunOutcome o = stoppedAs;
        if (o != null) {
            return o;
        }
        return cancelled || closeReason != null ? RunOutcome.CANCELLED : RunOutcome.COMPLETED;
    }

    /** The run's stream, as it subscribes (before its source): {@link #close} stops it. */
    void attach(Stream s) {
        stream = s;
        if (closeReason != null) {
            s.close();
        }
    }

    /**
     * The processor closes: the run takes no more items, every item not yet ended ends with
     * {@code reason} (its call cancelled), and its stream completes once they have.
     */
    void close(ErrorInfo reason) {
        closeReason = reason;
        if (STOP.compareAndSet(this, null, reason)) {
            stoppedAs = RunOutcome.CANCELLED; // items still waiting or starting end with the reason
        }
        for (Member task : active) {
            task.stop(reason, true);
        }
        Stream s = stream;
        if (s != null) {
            s.close();
        }
    }

    /** Items its stream has taken so far (0 for a pool's run, whose calls count themselves). */
    long taken() {
        Stream s = stream;
        return s == null ? 0 : s.taken();
    }

    /** What the run still does, for a close that stops waiting: its items not ended, its cleanup, its stream. */
    String describePending() {
        List<String> parts = new ArrayList<>();
        int n = active.size();
        if (n > 0) {
            parts.add(n + " item(s) not ended (" + active.stream().limit(5).map(Member::itemId)
                    .collect(Collectors.joining(", ")) + (n > 5 ? ", ..." : "") + ")");
        }
        String cleaning = lifecycle.cleaning();
        if (cleaning != null) {
            parts.add("cleanup() of " + cleaning + " not completed");
        }
        Stream s = stream;
        if (parts.isEmpty() && s != null && !s.terminated()) {
            parts.add("its subscriber has not taken its last results");
        }
        return runId + ": " + (parts.isEmpty() ? "ending (observers catching up)" : String.join("; ", parts));
    }
}
