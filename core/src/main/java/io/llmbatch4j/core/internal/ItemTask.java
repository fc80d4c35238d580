package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.InvalidWorkItemException;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * One logical item, started by its {@link ItemOwner} (the run's {@link ItemStream}, or a call
 * pool's {@link PoolCall}), which it tells once when it ends, however it ends. Exactly one
 * terminal result per item, claimed by CAS in {@link #end}: from the item's flow or a
 * {@link #stop} (deadline, abort, close, and {@link #cancel}, which is a stop too).
 *
 * <p>A stop of an item with middleware does not claim the end itself: it cuts the item's work
 * (middleware before, prepare, attempts, backoff) through {@link #cut}, and the flow goes on with
 * the stop's result through {@code afterProcess}, so a journal sees every item end; an
 * {@code afterProcess} already running is not cut.
 *
 * <p>Fast path (no middleware, strategy already prepared): the first attempt's subscriber is built
 * directly with this task as its subscriber, so a synchronous strategy costs one gate CAS, one
 * attempt object and no operator chain. Everything else (middleware, prepare, retries, hooks) is
 * the {@link ItemFlow} chain, subscribed by a {@link FlowSubscriber}. Attempts of one item never
 * overlap, so the plain fields need no locking.
 */
public final class ItemTask<T, C> implements CoreSubscriber<LLMResponse<T>>, GatedAttemptMono.Call<LLMResponse<T>> {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ItemTask> END_STATE =
            AtomicIntegerFieldUpdater.newUpdater(ItemTask.class, "endState");
    private static final int ENDED = 1;
    private static final ErrorInfo RUN_CANCELLED = ErrorInfo.of(ErrorKind.CANCELLED, "the run was cancelled");
    private static final ErrorInfo CALL_CANCELLED = ErrorInfo.of(ErrorKind.CANCELLED, "the call was cancelled");

    final Engine<T, C> engine;
    final Run run;
    private final long index;
    final long startNanos;
    final RetryState state = new RetryState();
    LLMWorkItem<T, C> item;
    TokenUsage usage = TokenUsage.ZERO;
    int calls;
    int number = 1;
    int rateLimitRetries;
    long attemptStart;
    private long waitStart;
    private boolean waiting;
    private boolean fastStart;
    long admissionWaitNanos;
    /** The attempt being made (set before its call is created). */
    @Nullable Attempt attempt;
    /** What the attempt being made calls, when observers listen and the strategy says. */
    @Nullable CallTarget target;
    /** The attempt's budget reservation, when budgets are on. */
    QuotaBudget.@Nullable Reservation reservation;
    /** The admission scope's gate, or null. */
    final @Nullable PermitGate scope;
    /** True from a call's creation to its end (read by a stop from another thread). */
    volatile boolean inCall;
    /**
     * Whether anything can stop this item from outside while a call runs (a batch deadline or
     * fail-fast, an item deadline, an admission timeout): only then is {@link #inCall} kept, as it
     * costs two volatile stores per attempt.
     */
    boolean tracksCall;
    /**
     * Why the item was stopped: set by every stop. A draining stop that finds a call running sets
     * only this: the item ends with it instead of retrying. It is also the error of an attempt a
     * stop cancels.
     */
    volatile @Nullable ErrorInfo haltReason;
    /** The item deadline and admission timeout, when the item has either. */
    private volatile @Nullable ItemTimers timers;
    /** Set by a call pool before subscription: the submit timeout; 0 for none. */
    long admissionTimeoutNanos;
    /** {@code ENDED} once the item's result is claimed. */
    private volatile int endState;
    /**
     * Items with middleware only: a stop emits its reason here, which ends the item's work with
     * that reason; {@code afterProcess} then runs for it (see {@link ItemFlow#begin}).
     */
    final Sinks.@Nullable One<ErrorInfo> cut;
    /** How many middleware passed the item on in {@code beforeProcess}: their {@code afterProcess} runs. */
    volatile int passed;
    /** The last failed attempt's classification, recorded by {@link #failed} for {@link ItemFlow#failed}. */
    private @Nullable ErrorInfo failedInfo;
    /** The last ended attempt's permits: returned before the owner hears of the end (see {@link #publish}). */
    private GatedAttemptMono.@Nullable Permits permits;
    private volatile @Nullable Subscription inner;
    /** Who started the item and hears of its end; set before anything else happens. */
    private @Nullable ItemOwner<T, C> owner;
    /** True once the item is in {@code run.active}: it removes itself when it ends. */
    volatile boolean tracked;
    /**
     * Written once, before the owner hears of the end; read by the owner after that (the owner's
     * hand-over publishes it), so no volatile store is needed.
     */
    private @Nullable WorkItemResult<T, C> result;

    ItemTask(Engine<T, C> engine, Run run, long index, LLMWorkItem<T, C> item) {
        this.engine = engine;
        this.run = run;
        this.index = index;
        this.item = item;
        this.startNanos = engine.clock.nanoTime();
        this.scope = engine.scopes == null ? null : engine.scopes.gateFor(item.strategy(), item.prompt());
        this.cut = engine.middlewares.isEmpty() ? null : Sinks.one();
    }

    /** The position of the item in its run's input. */
    public long index() {
        return index;
    }

    /** The result, once the item has ended (its owner was told). */
    public WorkItemResult<T, C> result() {
        WorkItemResult<T, C> r = result;
        if (r == null) {
            throw new IllegalStateException("item not finished");
        }
        return r;
    }

    /** Starts the item; {@code owner} hears of its end exactly once. */
    void start(ItemOwner<T, C> owner) {
        this.owner = owner;
        start();
    }

    private void start() {
        tracksCall = run.stoppable || engine.itemDeadlineNanos > 0 || admissionTimeoutNanos > 0;
        if (run.shared) {
            engine.stats.started.increment(); // a run's stream counts the items it takes itself
        }
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.ItemStarted(engine.clock.instant(), run.runId, item.itemId()));
        }
        IdSet ids = run.ids;
        if (ids != null && !ids.add(item.itemId())) {
            end(failure(engine.classify(new InvalidWorkItemException(
                    "duplicate itemId '" + item.itemId() + "' in this run; the first one is processed"))));
            return;
        }
        if (run.stoppable) {
            tracked = true;
            run.active.add(this);
        }
        ErrorInfo stopped = run.stopReason;
        if (stopped != null) {
            end(failure(stopped));
            return;
        }
        if (engine.itemDeadlineNanos > 0 || admissionTimeoutNanos > 0) {
            startTimers();
        }
        if (engine.middlewares.isEmpty() && engine.budget == null && (engine.dryRun || run.lifecycle.isReady(item.strategy()))) {
            attempt = newAttempt();
            fastStart = true;
            GatedAttemptMono.AttemptSubscriber<LLMResponse<T>> a = new GatedAttemptMono.AttemptSubscriber<>(this, this,
                    engine.gate, scope, false, engine.attemptTimeout(1), engine.clock.scheduler(), true);
            inner = a;
            a.start();
        } else {
            subscribeFlow(ItemFlow.begin(this));
        }
    }

    Attempt newAttempt() {
        return new Attempt(item.itemId(), number, rateLimitRetries, engine.config.timeoutPerItem(), state);
    }

    /** Runs the rest of the item through {@code flow}; it emits exactly one result. */
    private void subscribeFlow(Mono<WorkItemResult<T, C>> flow) {
        flow.subscribe(new FlowSubscriber<>(this));
    }

    // ---- the attempt's call (GatedAttemptMono.Call) ----

    @Override
    public Mono<LLMResponse<T>> call() {
        calls++;
        if (calls == 1 && !waiting && fastStart) {
            // granted at once on the fast path: no time passed worth a clock reading
            attemptStart = startNanos;
        } else {
            long now = engine.clock.nanoTime();
            attemptStart = now;
            if (waiting) {
                admissionWaitNanos += now - waitStart;
                waiting = false;
            }
        }
        Attempt a = attempt;
        if (tracksCall) {
            inCall = true;
        }
        ItemTimers t = timers;
        if (t != null) {
            t.admitted();
        }
        if (engine.events.enabled()) {
            target = describe(a);
            engine.events.publish(new ProcessingEvent.AttemptStarted(engine.clock.instant(), run.runId,
                    item.itemId(), a.number()));
        }
        return engine.dryRun ? item.strategy().dryRun(item.prompt(), a) : item.strategy().execute(item.prompt(), a);
    }

    private @Nullable CallTarget describe(Attempt a) {
        try {
            return item.strategy().describe(a);
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            return null;
        }
    }

    @Override
    public void succeeded(LLMResponse<T> response, GatedAttemptMono.@Nullable Permits held) {
        permits = held;
        AttemptEnds.succeeded(this, response);
    }

    @Override
    public void failed(Throwable error, GatedAttemptMono.Permits held) {
        permits = held;
        failedInfo = AttemptEnds.failed(this, error, number);
    }

    @Override
    public void cancelled() {
        ErrorInfo reason = haltReason;
        AttemptEnds.cancelled(this, reason != null ? reason : ErrorInfo.of(ErrorKind.CANCELLED,
                "the attempt was cancelled"));
    }

    /** The classification {@link #failed} recorded for the attempt's error, which is delivered right after. */
    ErrorInfo attemptError(Throwable error) {
        ErrorInfo info = failedInfo;
        failedInfo = null;
        return info != null ? info : engine.classify(error);
    }

    /** Cancelled, stopped (a close stops every run before it reopens the cooldown's gate) or ended. */
    @Override
    public boolean abandoned() {
        return run.cancelled || ended() || run.stopReason != null;
    }

    @Override
    public void waiting() {
        if (!waiting) {
            waitStart = engine.clock.nanoTime();
            waiting = true;
        }
    }

    // ---- the fast path's attempt subscriber (CoreSubscriber<LLMResponse<T>>) ----

    @Override
    public void onSubscribe(Subscription s) {
        // the attempt subscriber is already known as 'inner'
    }

    @Override
    public void onNext(LLMResponse<T> response) {
        end(resultOf(response));
    }

    @Override
    public void onError(Throwable error) {
        subscribeFlow(ItemFlow.failed(this, error, attempt));
    }

    @Override
    public void onComplete() {
        // the attempt subscriber completes only after onNext
    }

    @Override
    public Context currentContext() {
        ItemOwner<T, C> o = owner;
        return o == null ? Context.empty() : o.currentContext();
    }

    // ---- results ----

    /** The item's result from its attempt's answer (which {@link #succeeded} recorded). */
    WorkItemResult<T, C> resultOf(LLMResponse<T> response) {
        return new WorkItemResult<>(item.itemId(), true, response.output(), null, usage, calls,
                engine.clock.since(startNanos), response.model(), item.context(), admissionWait());
    }

    WorkItemResult<T, C> failure(ErrorInfo info) {
        return new WorkItemResult<>(item.itemId(), false, null, info, usage, calls, engine.clock.since(startNanos),
                null, item.context(), admissionWait());
    }

    private Duration admissionWait() {
        long w = admissionWaitNanos;
        if (waiting) {
            w += engine.clock.nanoTime() - waitStart;
        }
        return w == 0 ? Duration.ZERO : Duration.ofNanos(w);
    }

    /** Why the item must not make another attempt, or null. */
    @Nullable ErrorInfo stopped() {
        ErrorInfo r = haltReason;
        return r != null ? r : run.stopReason;
    }

    // ---- stops: item deadline, batch deadline, abort, pool admission timeout ----

    private void startTimers() {
        ItemTimers t = new ItemTimers();
        timers = t;
        if (engine.itemDeadlineNanos > 0) {
            t.startDeadline(engine.clock.scheduler(), () -> stop(ErrorInfo.of(ErrorKind.ITEM_DEADLINE_EXCEEDED,
                    "the item ran past totalTimeoutPerItem (" + engine.config.totalTimeoutPerItem() + ")"), true),
                    engine.itemDeadlineNanos);
        }
        if (admissionTimeoutNanos > 0) {
            ErrorInfo reason = ErrorInfo.of(ErrorKind.REJECTED,
                    "no worker within the submit timeout (" + Duration.ofNanos(admissionTimeoutNanos) + ")");
            t.startAdmission(engine.clock.scheduler(), () -> {
                if (calls == 0 && !inCall) { // no call started: the item ends without one
                    stop(reason, true);
                }
            }, admissionTimeoutNanos);
        }
    }

    /**
     * Ends the item with {@code reason}, cancelling what it waits for. A call in progress is
     * cancelled too when {@code cancelRunning}; otherwise it finishes and the item then ends with
     * its result, or with {@code reason} instead of a retry. An item with middleware ends through
     * its {@code afterProcess} (see the class comment).
     */
    void stop(ErrorInfo reason, boolean cancelRunning) {
        haltReason = reason;
        if (!cancelRunning && inCall) {
            return; // the item checks haltReason when the call ends (Dekker on two volatiles)
        }
        Sinks.One<ErrorInfo> c = cut;
        if (c != null) {
            c.tryEmitValue(reason); // ignored once the work has its result
            return;
        }
        if (claim()) {
            Subscription s = inner;
            if (s != null) {
                s.cancel();
            }
            complete(failure(reason));
        }
    }

    /** Ends the item with {@code r} unless it has ended already; its owner is told. */
    boolean end(WorkItemResult<T, C> r) {
        if (!claim()) {
            return false;
        }
        complete(r);
        return true;
    }

    /** Claims the item's one terminal result. */
    private boolean claim() {
        return endState == 0 && END_STATE.compareAndSet(this, 0, ENDED);
    }

    /** After a claim: post-processes (inline), records, aborts the run if it must, tells the owner. */
    private void complete(WorkItemResult<T, C> r) {
        detach();
        PostProcessing<T, C> pp = engine.postProcessing;
        if (pp != null && pp.inline()) {
            pp.runInline(this, r, () -> publish(r));
        } else {
            publish(r);
            if (pp != null) {
                pp.runAsync(this, r);
            }
        }
    }

    /**
     * Records the end, aborts the run if it must, then tells the owner. An item that ends while
     * its last attempt's end is being delivered returns that attempt's permits first, so the
     * owner (and whoever completes a run with this end) finds {@code stats()} settled.
     */
    private void publish(WorkItemResult<T, C> r) {
        result = r;
        engine.recordEnd(run, r);
        if (engine.failFast && !r.success()) {
            engine.maybeAbort(run, r);
        }
        GatedAttemptMono.Permits p = permits;
        if (p != null) {
            p.releaseEarly(); // does nothing unless this thread delivers that attempt's end
        }
        owner.ended(this); // the claim made this the item's one end
    }

    /** After a claim: the item's timers are disposed and it leaves the run's active set. */
    private void detach() {
        ItemTimers t = timers;
        if (t != null) {
            t.disposeAll();
        }
        if (tracked) {
            run.active.remove(this);
        }
    }

    void setInner(Subscription s) {
        inner = s;
        if (ended()) {
            s.cancel();
        }
    }

    // ---- cancellation by the owner ----

    /** The run (or the caller) was cancelled: the item ends as CANCELLED, its call cancelled. */
    void cancel() {
        if (!run.shared) {
            run.cancelled = true; // no waiter of the run starts a call any more
        }
        stop(run.shared ? CALL_CANCELLED : RUN_CANCELLED, true);
    }

    /** True once the item has its terminal result. */
    boolean ended() {
        return endState != 0;
    }

    String itemId() {
        return item.itemId();
    }
}
