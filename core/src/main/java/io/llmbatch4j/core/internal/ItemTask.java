package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.InvalidWorkItemException;
import io.llmbatch4j.core.LLMCallStrategy;
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
import reactor.util.context.Context;

/**
 * One logical item, as the one {@code Mono} a run's {@code flatMap} subscribes per item (it emits
 * itself once its result is set). Exactly one terminal result per item, claimed by CAS: from the
 * item's flow, a stop (deadline, abort) or a cancel.
 *
 * <p>Fast path (no middleware, strategy already prepared): the first attempt's subscriber is built
 * directly with this task as its subscriber, so a synchronous strategy costs one gate CAS, one
 * attempt object and no operator chain. Everything else (middleware, prepare, retries, hooks) is
 * the {@link ItemFlow} chain, subscribed by a {@link FlowSubscriber}. Attempts of one item never
 * overlap, so the plain fields need no locking.
 */
public final class ItemTask<T, C> extends Mono<ItemTask<T, C>>
        implements Subscription, CoreSubscriber<LLMResponse<T>>, GatedAttemptMono.Call<LLMResponse<T>> {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ItemTask> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(ItemTask.class, "ended");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ItemTask> EMIT =
            AtomicIntegerFieldUpdater.newUpdater(ItemTask.class, "emit");
    private static final int REQUESTED = 1;
    private static final int HAS_RESULT = 2;
    private static final int CANCELLED = 4;

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
    private boolean fastStart;
    long admissionWaitNanos;
    /** The attempt being made (set before its call is created). */
    @Nullable Attempt attempt;
    private volatile int ended;
    private volatile int emit;
    private volatile @Nullable Subscription inner;
    private @Nullable CoreSubscriber<? super ItemTask<T, C>> actual;
    private volatile @Nullable WorkItemResult<T, C> result;

    ItemTask(Engine<T, C> engine, Run run, long index, LLMWorkItem<T, C> item) {
        this.engine = engine;
        this.run = run;
        this.index = index;
        this.item = item;
        this.startNanos = engine.clock.nanoTime();
    }

    /** The position of the item in its run's input. */
    public long index() {
        return index;
    }

    /** The result, once the task has emitted. */
    public WorkItemResult<T, C> result() {
        WorkItemResult<T, C> r = result;
        if (r == null) {
            throw new IllegalStateException("item not finished");
        }
        return r;
    }

    @Override
    public void subscribe(CoreSubscriber<? super ItemTask<T, C>> actual) {
        this.actual = actual;
        actual.onSubscribe(this);
        start();
    }

    private void start() {
        engine.stats.started.increment();
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.ItemStarted(engine.clock.instant(), run.runId, item.itemId()));
        }
        IdFingerprintSet ids = run.ids;
        if (ids != null && !ids.add(item.itemId())) {
            end(failure(engine.classify(new InvalidWorkItemException(
                    "duplicate itemId '" + item.itemId() + "' in this run; the first one is processed"))));
            return;
        }
        if (engine.middlewares.isEmpty() && run.lifecycle.isReady(item.strategy())) {
            attempt = newAttempt();
            fastStart = true;
            GatedAttemptMono.AttemptSubscriber<LLMResponse<T>> a = new GatedAttemptMono.AttemptSubscriber<>(this, this,
                    engine.gate, null, false, engine.timeoutNanos, engine.clock.scheduler());
            inner = a;
            a.request(1);
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
        if (calls == 1 && waitStart == 0 && fastStart) {
            // granted at once on the fast path: no time passed worth a clock reading
            attemptStart = startNanos;
        } else {
            long now = engine.clock.nanoTime();
            attemptStart = now;
            if (waitStart != 0) {
                admissionWaitNanos += now - waitStart;
                waitStart = 0;
            }
        }
        Attempt a = attempt;
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptStarted(engine.clock.instant(), run.runId,
                    item.itemId(), a.number()));
        }
        return item.strategy().execute(item.prompt(), a);
    }

    @Override
    public boolean abandoned() {
        return run.cancelled || ended != 0;
    }

    @Override
    public void waiting() {
        if (waitStart == 0) {
            waitStart = engine.clock.nanoTime() | 1;
        }
    }

    // ---- the fast path's attempt subscriber (CoreSubscriber<LLMResponse<T>>) ----

    @Override
    public void onSubscribe(Subscription s) {
        // the attempt subscriber is already known as 'inner'
    }

    @Override
    public void onNext(LLMResponse<T> response) {
        end(succeeded(response));
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
        CoreSubscriber<? super ItemTask<T, C>> a = actual;
        return a == null ? Context.empty() : a.currentContext();
    }

    // ---- results ----

    WorkItemResult<T, C> succeeded(LLMResponse<T> response) {
        usage = usage.plus(response.usage());
        engine.cooldown.onSuccess();
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptEnded(engine.clock.instant(), run.runId, item.itemId(),
                    number, engine.clock.since(attemptStart), response.usage(), response.model(), null));
        }
        return WorkItemResult.success(item.itemId(), response.output(), usage, calls,
                engine.clock.since(startNanos), response.model(), item.context());
    }

    WorkItemResult<T, C> failure(ErrorInfo info) {
        return WorkItemResult.failure(item.itemId(), info, usage, calls, engine.clock.since(startNanos),
                item.context());
    }

    /** Ends the item with {@code r} unless it has ended already; emits it when requested. */
    boolean end(WorkItemResult<T, C> r) {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return false;
        }
        result = r;
        engine.recordEnd(run, r);
        for (;;) {
            int s = emit;
            if (EMIT.compareAndSet(this, s, s | HAS_RESULT)) {
                if ((s & (REQUESTED | CANCELLED)) == REQUESTED) {
                    deliver();
                }
                return true;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void deliver() {
        CoreSubscriber a = actual;
        a.onNext(run.emitResults ? result : this);
        a.onComplete();
    }

    void setInner(Subscription s) {
        inner = s;
        if ((emit & CANCELLED) != 0) {
            s.cancel();
        }
    }

    // ---- Subscription towards the run (or a pool caller) ----

    @Override
    public void request(long n) {
        for (;;) {
            int s = emit;
            if ((s & REQUESTED) != 0) {
                return;
            }
            if (EMIT.compareAndSet(this, s, s | REQUESTED)) {
                if ((s & (HAS_RESULT | CANCELLED)) == HAS_RESULT) {
                    deliver();
                }
                return;
            }
        }
    }

    /** The run (or the caller) was cancelled: ends the item as CANCELLED, then cancels its call. */
    @Override
    public void cancel() {
        for (;;) {
            int s = emit;
            if ((s & CANCELLED) != 0) {
                return;
            }
            if (EMIT.compareAndSet(this, s, s | CANCELLED)) {
                break;
            }
        }
        run.cancelled = true;
        if (ENDED.compareAndSet(this, 0, 1)) {
            engine.recordEnd(run, failure(ErrorInfo.of(ErrorKind.CANCELLED, "the run was cancelled")));
        }
        Subscription s = inner;
        if (s != null) {
            s.cancel();
        }
    }

    /** Subscribes the slow path's flow on behalf of its task. */
    static final class FlowSubscriber<T, C> implements CoreSubscriber<WorkItemResult<T, C>> {
        private final ItemTask<T, C> task;

        FlowSubscriber(ItemTask<T, C> task) {
            this.task = task;
        }

        @Override
        public Context currentContext() {
            return task.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            task.setInner(s);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(WorkItemResult<T, C> r) {
            task.end(r);
        }

        @Override
        public void onError(Throwable e) {
            task.end(task.failure(task.engine.classify(e)));
        }

        @Override
        public void onComplete() {
            if (task.ended == 0) {
                task.end(task.failure(ErrorInfo.of(ErrorKind.PERMANENT, "the item's flow ended without a result")));
            }
        }
    }

    static Duration nanos(long n) {
        return Duration.ofNanos(n);
    }

    LLMCallStrategy<T> strategy() {
        return item.strategy();
    }
}
