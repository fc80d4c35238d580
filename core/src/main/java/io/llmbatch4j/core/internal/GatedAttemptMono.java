package io.llmbatch4j.core.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One attempt: waits for a permit of the admission scope's gate (when there is one), then for a
 * permit of the worker {@link PermitGate}, then creates and subscribes the call with a deadline,
 * and returns both permits on the first of value, error, completion, timeout or cancel. The
 * deadline timer starts only when the permits are granted (waiting does not count) and only when
 * the call did not finish during subscription, so a synchronous call costs no timer.
 *
 * <p>Every call that {@link Call#call()} created ends exactly once, told to the {@link Call}
 * before its permits are returned: {@link Call#succeeded}, {@link Call#failed} (an error, the
 * deadline, completion without a value) or {@link Call#cancelled} (cancelled while running, or
 * as it was being created). The value or error is then delivered and the permits are returned
 * after that, so what the end causes comes before another call can take the worker: a rate
 * limit pauses the gate, a retry queues ahead of the others, the item's {@code afterProcess}
 * (a budget guard counting tokens) and fail-fast run. An item that ends during that delivery
 * returns the permits itself ({@link Permits#releaseEarly}) just before it tells its owner, so
 * whoever completes a run with an item's end finds its permits returned. The engine's fast path
 * (no middleware, no budget: nothing runs after a success that the worker should wait for)
 * returns a success's permits before delivering it.
 *
 * <p>The engine's fast path builds the {@link AttemptSubscriber} directly (one object per attempt);
 * the retry path subscribes this {@code Mono}.
 */
final class GatedAttemptMono<R> extends Mono<R> {

    /** Creates the call when the permits are granted, and hears how it ended. */
    interface Call<R> {
        /** Creates the call; called at most once, when both permits are held. */
        Mono<R> call();

        /** The call answered; before the value is delivered, and {@code permits} (null: returned already). */
        void succeeded(R value, @Nullable Permits permits);

        /** The call failed; before the error is delivered and the permits are returned. */
        void failed(Throwable error, Permits permits);

        /** The call was cancelled (it may not have been subscribed); before the permits are returned. */
        void cancelled();

        /** True when the call must not start any more (run cancelled or stopped, item ended). */
        boolean abandoned();

        /** The attempt starts waiting in a gate's queue. */
        void waiting();
    }

    /** The permits of an attempt whose end is being delivered. */
    interface Permits {
        /**
         * Returns the permits now when the calling thread is delivering the attempt's end (the
         * item ended during it); otherwise does nothing: the delivery returns them when it is done.
         */
        void releaseEarly();
    }

    private final Call<R> call;
    private final PermitGate gate;
    private final @Nullable PermitGate scope;
    private final boolean priority;
    private final LongSupplier timeoutNanos;
    private final Scheduler timer;

    GatedAttemptMono(Call<R> call, PermitGate gate, @Nullable PermitGate scope, boolean priority, LongSupplier timeoutNanos,
            Scheduler timer) {
        this.call = call;
        this.gate = gate;
        this.scope = scope;
        this.priority = priority;
        this.timeoutNanos = timeoutNanos;
        this.timer = timer;
    }

    @Override
    public void subscribe(CoreSubscriber<? super R> actual) {
        AttemptSubscriber<R> inner = new AttemptSubscriber<>(actual, call, gate, scope, priority, timeoutNanos, timer,
                false);
        actual.onSubscribe(inner);
        inner.start();
    }

    static final class AttemptSubscriber<R> implements CoreSubscriber<R>, Subscription, PermitGate.Waiter, Runnable,
            Permits {
        private static final int WAIT_SCOPE = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int CANCELLED = 3;
        private static final int WAIT_WORKER = 4;
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<AttemptSubscriber> STATE =
                AtomicIntegerFieldUpdater.newUpdater(AttemptSubscriber.class, "state");

        private final CoreSubscriber<? super R> actual;
        private final Call<R> call;
        private final PermitGate gate;
        private final @Nullable PermitGate scope;
        private final boolean priority;
        /** Read when the call is granted: an adaptive timeout follows the latency seen until then. */
        private final LongSupplier timeout;
        private long timeoutNanos;
        private final Scheduler timer;
        private volatile int state;
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<AttemptSubscriber> REQUESTED =
                AtomicIntegerFieldUpdater.newUpdater(AttemptSubscriber.class, "requested");
        /** 1 once the one value is requested; the fast path creates the subscriber requested already. */
        private volatile int requested;
        /** The engine's fast path: a success's permits are returned before it is delivered. */
        private final boolean direct;
        private volatile @Nullable Subscription upstream;
        private volatile @Nullable Disposable deadline;
        /** The thread delivering the end, while it does; written and compared by that thread only. */
        private @Nullable Thread delivering;
        /** True once the delivering thread returned the permits (touched by that thread only). */
        private boolean released;

        /**
         * @param requestedUpFront the subscriber's one value is requested already, and a success's
         *     permits are returned before it is delivered (the engine's fast path)
         */
        AttemptSubscriber(CoreSubscriber<? super R> actual, Call<R> call, PermitGate gate, @Nullable PermitGate scope,
                boolean priority, LongSupplier timeout, Scheduler timer, boolean requestedUpFront) {
            this.actual = actual;
            this.call = call;
            this.gate = gate;
            this.scope = scope;
            this.priority = priority;
            this.timeout = timeout;
            this.timer = timer;
            // not yet published: a release store is enough (a volatile store would fence on every attempt)
            STATE.lazySet(this, scope == null ? WAIT_WORKER : WAIT_SCOPE);
            if (requestedUpFront) {
                REQUESTED.lazySet(this, 1);
            }
            this.direct = requestedUpFront;
        }

        /** Acquires the permits (at once when free, else by queueing); call after {@code onSubscribe}. */
        void start() {
            PermitGate s = scope;
            if (s == null) {
                acquireWorker();
            } else if (s.tryAcquire()) {
                if (!grant()) {
                    s.release();
                }
            } else {
                call.waiting();
                s.enqueue(this, priority);
            }
        }

        private void acquireWorker() {
            if (gate.tryAcquire()) {
                if (!grant()) {
                    gate.release();
                }
            } else {
                call.waiting();
                gate.enqueue(this, priority);
            }
        }

        /** True while the call runs (permits held, not yet ended). */
        boolean running() {
            return state == RUNNING;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        /** Called by the scope's gate in state WAIT_SCOPE, by the worker gate in state WAIT_WORKER. */
        @Override
        public boolean grant() {
            if (state == WAIT_SCOPE) {
                if (call.abandoned()) {
                    STATE.compareAndSet(this, WAIT_SCOPE, CANCELLED);
                    return false;
                }
                if (!STATE.compareAndSet(this, WAIT_SCOPE, WAIT_WORKER)) {
                    return false;
                }
                acquireWorker();
                return true;
            }
            if (call.abandoned()) {
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
                m = call.call();
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
                call.cancelled();
                return false;
            }
            try {
                m.subscribe(this);
            } catch (Throwable e) {
                Faults.throwIfFatal(e);
                onError(e);
            }
            if (state == RUNNING) {
                try {
                    timeoutNanos = timeout.getAsLong();
                    Disposable d = timer.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
                    deadline = d;
                    if (state != RUNNING) {
                        d.dispose();
                    }
                } catch (RejectedExecutionException shuttingDown) {
                    // the timer scheduler is gone: the run is being torn down and will cancel us
                }
            }
            return true;
        }

        /** The deadline passed. */
        @Override
        public void run() {
            if (STATE.compareAndSet(this, RUNNING, DONE)) {
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
                fail(new TimeoutException("attempt timed out after " + Duration.ofNanos(timeoutNanos)));
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                if (state != RUNNING) {
                    s.cancel();
                } else if (requested != 0) {
                    s.request(Long.MAX_VALUE);
                }
            }
        }

        @Override
        public void onNext(R value) {
            if (finish()) {
                if (direct) {
                    call.succeeded(value, null);
                    releaseAll();
                    actual.onNext(value);
                    actual.onComplete();
                    return;
                }
                delivering = Thread.currentThread();
                call.succeeded(value, this);
                actual.onNext(value);
                actual.onComplete();
                released();
            } else {
                Operators.onDiscard(value, actual.currentContext());
            }
        }

        @Override
        public void onError(Throwable error) {
            if (finish()) {
                fail(error);
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        /** A call that completes without a value is an error: every attempt must answer. */
        @Override
        public void onComplete() {
            if (finish()) {
                fail(new IllegalStateException("execute() completed without a response"));
            }
        }

        /**
         * After {@link #finish()}: the {@link Call} records the failure, the error is delivered,
         * then the permits are returned (see {@link #released}).
         */
        private void fail(Throwable error) {
            delivering = Thread.currentThread();
            call.failed(error, this);
            actual.onError(error);
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

        @Override
        public void releaseEarly() {
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

        private void disposeDeadline() {
            Disposable d = deadline;
            if (d != null) {
                d.dispose();
            }
        }

        @Override
        public void request(long n) {
            if (requested == 0) {
                requested = 1;
                Subscription s = upstream;
                if (s != null) {
                    s.request(Long.MAX_VALUE);
                }
            }
        }

        @Override
        public void cancel() {
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
                        call.cancelled();
                        releaseAll();
                        return;
                    }
                } else {
                    return;
                }
            }
        }
    }
}
