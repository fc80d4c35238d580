package io.llmbatch4j.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One attempt, where the worker limit and the cooldown apply: waits for a permit of the admission
 * scope's gate (if any), then of the worker {@link PermitGate} (paused during a cooldown), then
 * creates and subscribes the call, and returns both permits once, on the first of value, error,
 * completion, deadline ({@link AttemptDeadline}: started when the permits are granted, and only
 * for a call not done during its subscription) or {@link #dispose cancel}.
 * {@code WAIT_SCOPE → WAIT_WORKER → RUNNING → DONE | CANCELLED}.
 *
 * <p>Every call created ends exactly once, recorded before its permits return
 * ({@code succeeded}, {@code failed}: an error, the deadline, completion without a value;
 * {@code cancelled}), then delivered ({@code answered}, {@code errored}); the permits return after
 * that, so what the end causes comes before another call can take the worker: a rate limit pauses
 * the gate, a retry queues ahead of the others, fail-fast stops the run. An item that ends during
 * the delivery returns them itself ({@link #releaseEarly}) just before its owner hears of it.
 */
final class GatedAttempt<R> implements CoreSubscriber<R>, PermitGate.Waiter, Disposable {

    private static final int WAIT_SCOPE = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;
    private static final int WAIT_WORKER = 4;
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<GatedAttempt> STATE =
            AtomicIntegerFieldUpdater.newUpdater(GatedAttempt.class, "state");

    private final AttemptListener<R> listener;
    private final PermitGate gate;
    private final @Nullable PermitGate scope;
    private final boolean priority;
    /** Read when the call is granted: an adaptive timeout follows the latency seen until then. */
    private final LongSupplier timeout;
    private final Scheduler timer;
    private volatile int state;
    private volatile @Nullable Subscription upstream;
    private volatile @Nullable Disposable deadline;
    /** The thread delivering the end, while it does; written and compared by that thread only. */
    private @Nullable Thread delivering;
    /** True once the permits are returned (touched by the delivering thread only). */
    private boolean released;

    /** @param priority queue ahead of first attempts (a retry) */
    GatedAttempt(AttemptListener<R> listener, PermitGate gate, @Nullable PermitGate scope, boolean priority,
            LongSupplier timeout, Scheduler timer) {
        this.listener = listener;
        this.gate = gate;
        this.scope = scope;
        this.priority = priority;
        this.timeout = timeout;
        this.timer = timer;
        // not yet published: a release store is enough (a volatile store would fence on every attempt)
        STATE.lazySet(this, scope == null ? WAIT_WORKER : WAIT_SCOPE);
    }

    /** Acquires the permits (at once when free, else by queueing), then calls. */
    void start() {
        acquire(scope != null ? scope : gate);
    }

    private void acquire(PermitGate g) {
        if (!g.tryAcquire()) {
            listener.waiting();
            g.enqueue(this, priority);
        } else if (!grant()) {
            g.release();
        }
    }

    /** Called by the scope's gate in state WAIT_SCOPE, by the worker gate in state WAIT_WORKER. */
    @Override
    public boolean grant() {
        if (state == WAIT_SCOPE) {
            if (listener.abandoned()) {
                STATE.compareAndSet(this, WAIT_SCOPE, CANCELLED);
                return false;
            }
            if (!STATE.compareAndSet(this, WAIT_SCOPE, WAIT_WORKER)) {
                return false;
            }
            acquire(gate);
            return true;
        }
        if (listener.abandoned()) {
            if (STATE.compareAndSet(this, WAIT_WORKER, CANCELLED)) {
                releaseScope();
            }
            return false;
        }
        if (state != WAIT_WORKER) {
            return false; // cancelled while queued
        }
        Mono<R> m;
        try {
            m = listener.call();
            if (m == null) {
                throw new IllegalStateException("execute() returned null");
            }
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            m = Mono.error(e);
        }
        // running only now: a cancel while the call was created finds WAIT_WORKER (it removes the
        // waiter and returns the scope's permit) and this attempt ends here, unsubscribed
        if (!STATE.compareAndSet(this, WAIT_WORKER, RUNNING)) {
            listener.cancelled();
            return false;
        }
        try {
            m.subscribe(this);
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            onError(e);
        }
        if (state == RUNNING) {
            startDeadline();
        }
        return true;
    }

    private void startDeadline() {
        Disposable d = AttemptDeadline.start(this::timedOut, timer, timeout.getAsLong());
        deadline = d;
        if (state != RUNNING) {
            d.dispose();
        }
    }

    /** The deadline passed ({@link AttemptDeadline}): the call is cancelled and the attempt fails with a timeout. */
    void timedOut(long timeoutNanos) {
        if (STATE.compareAndSet(this, RUNNING, DONE)) {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            fail(new TimeoutException("attempt timed out after " + Duration.ofNanos(timeoutNanos)));
        }
    }

    @Override
    public Context currentContext() {
        return listener.context();
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.validate(upstream, s)) {
            upstream = s;
            if (state != RUNNING) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }
    }

    @Override
    public void onNext(R value) {
        if (finish()) {
            delivering = Thread.currentThread();
            listener.succeeded(value);
            listener.answered(value);
            released();
        } else {
            Operators.onDiscard(value, listener.context());
        }
    }

    @Override
    public void onError(Throwable error) {
        if (finish()) {
            fail(error);
        } else {
            Operators.onErrorDropped(error, listener.context());
        }
    }

    /** A call that completes without a value is an error: every attempt must answer. */
    @Override
    public void onComplete() {
        if (finish()) {
            fail(new IllegalStateException("execute() completed without a response"));
        }
    }

    /** After {@link #finish()}: recorded, delivered, then the permits return (see {@link #released}). */
    private void fail(Throwable error) {
        delivering = Thread.currentThread();
        listener.failed(error);
        listener.errored(error);
        released();
    }

    /** The end is delivered: returns the permits unless the item's end returned them already. */
    private void released() {
        delivering = null;
        if (!released) {
            released = true;
            releaseAll();
        }
    }

    /**
     * Returns the permits now when the calling thread is delivering this attempt's end (its item
     * ended during it); otherwise does nothing: the delivery returns them when it is done.
     */
    void releaseEarly() {
        if (delivering == Thread.currentThread() && !released) {
            released = true;
            releaseAll();
        }
    }

    /** Claims the terminal signal. */
    private boolean finish() {
        // a plain read first: the completion that follows every value finds DONE, and a failing
        // CAS costs as much as a winning one
        if (state == RUNNING && STATE.compareAndSet(this, RUNNING, DONE)) {
            disposeDeadline();
            return true;
        }
        return false;
    }

    private void disposeDeadline() {
        Disposable d = deadline;
        if (d != null) {
            d.dispose();
        }
    }

    private void releaseAll() {
        gate.release();
        releaseScope();
    }

    private void releaseScope() {
        PermitGate s = scope;
        if (s != null) {
            s.release();
        }
    }

    /** Cancels the attempt: leaves the queue it waits in, or cancels its call and returns its permits. */
    @Override
    public void dispose() {
        for (;;) {
            int s = state;
            if (s == WAIT_SCOPE) {
                if (STATE.compareAndSet(this, WAIT_SCOPE, CANCELLED)) {
                    PermitGate sc = scope;
                    if (sc != null) {
                        sc.remove(this);
                    }
                    return;
                }
            } else if (s == WAIT_WORKER) {
                if (STATE.compareAndSet(this, WAIT_WORKER, CANCELLED)) {
                    gate.remove(this);
                    releaseScope();
                    return;
                }
            } else if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
                    disposeDeadline();
                    Subscription up = upstream;
                    if (up != null) {
                        up.cancel();
                    }
                    listener.cancelled();
                    releaseAll();
                    return;
                }
            } else {
                return;
            }
        }
    }

    @Override
    public boolean isDisposed() {
        return state == DONE || state == CANCELLED;
    }
}
