package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.InvalidWorkItemException;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.WorkItemResult;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

/**
 * One item of a run (or one call of a pool): it owns its start, its stops and its one end. Its
 * {@link Owner} starts it and hears of its end exactly once, however it ends.
 *
 * <pre>{@code
 * stateDiagram-v2
 *     [*] --> Active: start(owner)
 *     Active --> Finishing: finish(result) — the loop's answer or last failure, a middleware's answer,
 *                           a stop (deadline, fail-fast, close), cancel(), a duplicate id, a stopped run
 *     Active --> Draining: stop(reason, drain) while a call runs (a batch deadline in DRAIN mode)
 *     Draining --> Finishing: the call's result, or its error instead of a retry; or cancel()
 *     Finishing --> Ended: afterProcess from the depth reached, inline post-processing, ItemEnds, owner.ended
 * }</pre>
 *
 * <p>{@link #finish} is the only way into Finishing (one CAS on {@code phase}); whoever loses
 * gets false and its result is dropped. The winner cancels the {@link AttemptLoop}'s current step
 * (budget wait, middleware hook, prepare, attempt, backoff). Finishing is not interruptible: an
 * {@code afterProcess} (a journal write) already running when a close comes goes on, and the item
 * is emitted after it. Draining is Active with a stop reason set while a call runs: the call
 * finishes, and the item then ends instead of retrying (a Dekker pair of volatiles,
 * {@link #haltReason} and the loop's {@code inCall}).
 */
final class Item<T, C> implements LoopItem<T, C>, Run.Member {

    /** Who starts an item and hears of its end: a run's {@link ItemStream}, or a pool's {@link PoolCall}. */
    interface Owner<T, C> {
        /** The item has its {@link #result()}; once per item, from whichever thread ended it. */
        void ended(Item<T, C> item);

        /** The Reactor context the item's calls and hooks run in. */
        Context currentContext();
    }

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Item> PHASE = AtomicIntegerFieldUpdater.newUpdater(Item.class, "phase");
    private static final int ACTIVE = 0;
    private static final int FINISHING = 1;
    private static final int ENDED = 2;
    private static final ErrorInfo RUN_CANCELLED = ErrorInfo.of(ErrorKind.CANCELLED, "the run was cancelled");
    private static final ErrorInfo CALL_CANCELLED = ErrorInfo.of(ErrorKind.CANCELLED, "the call was cancelled");

    private final EngineParts parts;
    private final ItemHooks<T, C> hooks;
    private final Run run;
    private final long index;
    private final long startNanos;
    private final long admissionTimeoutNanos;
    private final AttemptLoop<T, C> loop;
    /** The item as the middleware passed it on; set before the first attempt. */
    private LLMWorkItem<T, C> workItem;
    private @Nullable Owner<T, C> owner;
    private volatile int phase;
    /** Why the item was stopped (see the class comment); also the error of an attempt a stop cancels. */
    private volatile @Nullable ErrorInfo haltReason;
    /** How many middleware passed the item on in {@code beforeProcess}: their {@code afterProcess} runs. */
    private volatile int depth;
    private volatile @Nullable ItemTimers timers;
    /** True once the item is in {@code run.active}: it removes itself when it ends. */
    private volatile boolean tracked;
    /** Written once before the owner hears of the end, read by the owner after (its hand-over publishes it). */
    private @Nullable WorkItemResult<T, C> result;

    /** @param admissionTimeoutNanos a pool's submit timeout: the item ends REJECTED without a call by then; 0 for none */
    Item(EngineParts parts, ItemHooks<T, C> hooks, Run run, long index, LLMWorkItem<T, C> workItem,
            long admissionTimeoutNanos) {
        this.parts = parts;
        this.hooks = hooks;
        this.run = run;
        this.index = index;
        this.workItem = workItem;
        this.admissionTimeoutNanos = admissionTimeoutNanos;
        this.startNanos = parts.clock().nanoTime();
        ScopeGates scopes = parts.scopes();
        this.loop = new AttemptLoop<>(parts, hooks.chain(), this,
                scopes == null ? null : scopes.gateFor(workItem.strategy(), workItem.prompt()),
                run.stoppable || parts.itemDeadlineNanos() > 0 || admissionTimeoutNanos > 0);
    }

    /** The position of the item in its run's input. */
    long index() {
        return index;
    }

    /** The result, once the owner was told. */
    WorkItemResult<T, C> result() {
        WorkItemResult<T, C> r = result;
        if (r == null) {
            throw new IllegalStateException("item not finished");
        }
        return r;
    }

    /** Starts the item; {@code owner} hears of its end exactly once. */
    void start(Owner<T, C> owner) {
        this.owner = owner;
        if (run.shared) {
            parts.stats().started.increment(); // a run's stream counts the items it takes itself
        }
        if (parts.events().enabled()) {
            parts.events().publish(new ProcessingEvent.ItemStarted(parts.clock().instant(), run.runId, itemId()));
        }
        IdSet ids = run.ids;
        if (ids != null && !ids.add(itemId())) {
            finish(loop.failure(parts.classifier().classify(new InvalidWorkItemException(
                    "duplicate itemId '" + itemId() + "' in this run; the first one is processed"))));
            return;
        }
        if (run.stoppable) {
            track();
        }
        ErrorInfo stopped = run.stopReason;
        if (stopped != null) {
            finish(loop.failure(stopped));
            return;
        }
        if (parts.itemDeadlineNanos() > 0 || admissionTimeoutNanos > 0) {
            timers = ItemTimers.start(this, parts, admissionTimeoutNanos, () -> loop.calls() == 0 && !loop.inCall());
        }
        MiddlewareChain<T, C> chain = hooks.chain();
        if (chain.isEmpty()) {
            prepareThenAttempt(true);
        } else {
            loop.await(chain.before(workItem, n -> depth = n, loop::failure), this::decided, () -> { },
                    e -> finish(loop.failure(parts.classifier().classify(e))));
        }
    }

    private void decided(MiddlewareDecision<T, C> d) {
        WorkItemResult<T, C> answer = d.answer();
        if (answer != null) {
            finish(answer);
        } else {
            workItem = d.item();
            prepareThenAttempt(false);
        }
    }

    private void prepareThenAttempt(boolean atStart) {
        LLMCallStrategy<T> strategy = workItem.strategy();
        if (parts.dryRun() || run.lifecycle.isReady(strategy)) {
            if (atStart) {
                loop.startNow();
            } else {
                loop.next();
            }
            return;
        }
        loop.await(run.lifecycle.ensurePrepared(strategy), v -> { }, loop::next,
                e -> finish(loop.failure(parts.classifier().classify(e))));
    }

    /** Registers in the run's active set, where a cancel or close finds it, unless it has ended. */
    void track() {
        tracked = true;
        run.active.add(this);
        if (phase != ACTIVE) {
            run.active.remove(this); // it ended meanwhile and may have missed the flag
        }
    }

    // ---- stops and the one end ----

    /**
     * Ends the item with {@code reason}, cancelling what it waits for. A call in progress is
     * cancelled too when {@code cancelRunning}; otherwise the item drains: the call finishes and
     * the item ends with its result, or with its error instead of a retry.
     */
    @Override
    public void stop(ErrorInfo reason, boolean cancelRunning) {
        haltReason = reason;
        if (!cancelRunning && loop.inCall()) {
            return; // the loop reads haltReason when the call ends (Dekker on two volatiles)
        }
        finish(loop.failure(reason));
    }

    /** The run (or the caller) was cancelled: the item ends as CANCELLED, its call cancelled. */
    @Override
    public void cancel() {
        if (!run.shared) {
            run.markCancelled(); // no waiter of the run starts a call any more
        }
        stop(run.shared ? CALL_CANCELLED : RUN_CANCELLED, true);
    }

    /** The only way into Finishing (see the class comment); ignored when the item is ending already. */
    @Override
    public void finish(WorkItemResult<T, C> r) {
        if (phase != ACTIVE || !PHASE.compareAndSet(this, ACTIVE, FINISHING)) {
            return;
        }
        ItemTimers t = timers;
        if (t != null) {
            t.disposeAll();
        }
        if (tracked) {
            run.active.remove(this);
        }
        loop.cancel();
        int d = depth;
        if (d == 0) {
            complete(r);
        } else { // not a step of the loop: nothing cuts it
            Step.run(hooks.chain().after(d, r), this::complete, () -> complete(r), e -> complete(r), s -> { },
                    context());
        }
    }

    private void complete(WorkItemResult<T, C> r) {
        PostProcessing<T, C> post = hooks.post();
        if (post != null && post.inline()) {
            post.runInline(run.runId, r, () -> publish(r));
        } else {
            publish(r);
            if (post != null) {
                post.runAsync(run.runId, r);
            }
        }
    }

    /**
     * Records the end (fail-fast included), returns the last attempt's permits if this thread is
     * delivering its end (so whoever completes a run with this end finds {@code stats()} settled),
     * then tells the owner.
     */
    private void publish(WorkItemResult<T, C> r) {
        result = r;
        parts.ends().record(run, r);
        loop.releaseEarly();
        PHASE.lazySet(this, ENDED);
        owner.ended(this);
    }

    // ---- what the loop and the run see (LoopItem, Run.Member) ----

    @Override
    public LLMWorkItem<T, C> workItem() { return workItem; }

    @Override
    public String itemId() { return workItem.itemId(); }

    @Override
    public String runId() { return run.runId; }

    @Override
    public long startNanos() { return startNanos; }

    @Override
    public @Nullable ErrorInfo stopReason() {
        ErrorInfo r = haltReason;
        return r != null ? r : run.stopReason;
    }

    /** Cancelled, stopped (a close stops every run before it reopens the cooldown's gate) or ended. */
    @Override
    public boolean abandoned() {
        return run.cancelled() || phase != ACTIVE || run.stopReason != null;
    }

    @Override
    public boolean finished() { return phase != ACTIVE; }

    @Override
    public void admitted() {
        ItemTimers t = timers;
        if (t != null) {
            t.admitted();
        }
    }

    @Override
    public Context context() {
        Owner<T, C> o = owner;
        return o == null ? Context.empty() : o.currentContext();
    }
}
