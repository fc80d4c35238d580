package io.llmbatch4j.core.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 * <p>The engine's fast path builds the {@link AttemptSubscriber} directly (one object per attempt);
 * the retry path subscribes this {@code Mono}.
 */
final class GatedAttemptMono<R> extends Mono<R> {

    /** Creates the call when the permits are granted. */
    interface Call<R> {
        /** Creates the call; called once, when both permits are held. */
        Mono<R> call();

        /** True when the call must not start any more (run cancelled or stopped, item ended). */
        boolean abandoned();

        /** The attempt starts waiting in a gate's queue. */
        void waiting();
    }

    private final Call<R> call;
    private final PermitGate gate;
    private final @Nullable PermitGate scope;
    private final boolean priority;
    private final long timeoutNanos;
    private final Scheduler timer;

    GatedAttemptMono(Call<R> call, PermitGate gate, @Nullable PermitGate scope, boolean priority, long timeoutNanos,
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

    static final class AttemptSubscriber<R> implements CoreSubscriber<R>, Subscription, PermitGate.Waiter, Runnable {
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
        private final long timeoutNanos;
        private final Scheduler timer;
        private volatile int state;
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<AttemptSubscriber> REQUESTED =
                AtomicIntegerFieldUpdater.newUpdater(AttemptSubscriber.class, "requested");
        /** 1 once the one value is requested; the fast path creates the subscriber requested already. */
        private volatile int requested;
        private volatile @Nullable Subscription upstream;
        private volatile @Nullable Disposable deadline;

        /** @param requestedUpFront the subscriber's one value is requested already (the engine's fast path) */
        AttemptSubscriber(CoreSubscriber<? super R> actual, Call<R> call, PermitGate gate, @Nullable PermitGate scope,
                boolean priority, long timeoutNanos, Scheduler timer, boolean requestedUpFront) {
            this.actual = actual;
            this.call = call;
            this.gate = gate;
            this.scope = scope;
            this.priority = priority;
            this.timeoutNanos = timeoutNanos;
            this.timer = timer;
            // not yet published: a release store is enough (a volatile store would fence on every attempt)
            STATE.lazySet(this, scope == null ? WAIT_WORKER : WAIT_SCOPE);
            if (requestedUpFront) {
                REQUESTED.lazySet(this, 1);
            }
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
            if (!STATE.compareAndSet(this, WAIT_WORKER, RUNNING)) {
                return false;
            }
            Mono<R> m;
            try {
                m = call.call();
                if (m == null) {
                    throw new IllegalStateException("execute() returned null");
                }
            } catch (RuntimeException e) {
                m = Mono.error(e);
            }
            m.subscribe(this);
            if (state == RUNNING) {
                try {
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
                actual.onError(new TimeoutException("attempt timed out after " + Duration.ofNanos(timeoutNanos)));
                releaseAll();
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
                actual.onNext(value);
                actual.onComplete();
                releaseAll();
            } else {
                Operators.onDiscard(value, actual.currentContext());
            }
        }

        @Override
        public void onError(Throwable error) {
            if (finish()) {
                actual.onError(error);
                releaseAll();
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        /** A call that completes without a value is an error: every attempt must answer. */
        @Override
        public void onComplete() {
            if (finish()) {
                actual.onError(new IllegalStateException("execute() completed without a response"));
                releaseAll();
            }
        }

        /**
         * Claims the terminal signal. The permits are returned after the signal has been delivered:
         * a rate limit pauses the gate, and a retry queues ahead of the others, before the permit
         * can go to anyone else.
         */
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
                        releaseAll();
                        Subscription up = upstream;
                        if (up != null) {
                            up.cancel();
                        }
                        return;
                    }
                } else {
                    return;
                }
            }
        }
    }
}
