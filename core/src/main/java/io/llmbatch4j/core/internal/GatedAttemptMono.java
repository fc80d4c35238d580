package io.llmbatch4j.core.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One attempt: waits for a permit of the {@link PermitGate}, then creates and subscribes the call with a
 * deadline, and returns the permit on the first of value, error, completion, timeout or cancel.
 * The deadline timer starts only when the permit is granted (waiting does not count) and only
 * when the call did not finish during subscription, so a synchronous call costs no timer.
 */
final class GatedAttemptMono<R> extends Mono<R> {

    private final Supplier<? extends Mono<R>> source;
    private final PermitGate gate;
    private final boolean priority;
    private final long timeoutNanos;
    private final Scheduler timer;
    private final BooleanSupplier abandoned;

    /** @param abandoned true once the run is cancelled: a waiter is then never granted */
    GatedAttemptMono(Supplier<? extends Mono<R>> source, PermitGate gate, boolean priority, Duration timeout, Scheduler timer,
            BooleanSupplier abandoned) {
        this.abandoned = abandoned;
        this.source = source;
        this.gate = gate;
        this.priority = priority;
        this.timeoutNanos = timeout.toNanos();
        this.timer = timer;
    }

    @Override
    public void subscribe(CoreSubscriber<? super R> actual) {
        AttemptSubscriber<R> inner = new AttemptSubscriber<>(actual, this);
        actual.onSubscribe(inner);
        if (gate.tryAcquire()) {
            if (!inner.grant()) {
                gate.release();
            }
        } else {
            gate.enqueue(inner, priority);
        }
    }

    static final class AttemptSubscriber<R> implements CoreSubscriber<R>, Subscription, PermitGate.Waiter, Runnable {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int CANCELLED = 3;
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<AttemptSubscriber> STATE =
                AtomicIntegerFieldUpdater.newUpdater(AttemptSubscriber.class, "state");

        private final CoreSubscriber<? super R> actual;
        private final GatedAttemptMono<R> parent;
        private volatile int state;
        private volatile boolean requested;
        private volatile @Nullable Subscription upstream;
        private volatile @Nullable Disposable deadline;

        AttemptSubscriber(CoreSubscriber<? super R> actual, GatedAttemptMono<R> parent) {
            this.actual = actual;
            this.parent = parent;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public boolean grant() {
            if (parent.abandoned.getAsBoolean()) {
                STATE.compareAndSet(this, WAITING, CANCELLED);
                return false;
            }
            if (!STATE.compareAndSet(this, WAITING, RUNNING)) {
                return false;
            }
            Mono<R> call;
            try {
                call = parent.source.get();
                if (call == null) {
                    throw new IllegalStateException("execute() returned null");
                }
            } catch (RuntimeException e) {
                call = Mono.error(e);
            }
            call.subscribe(this);
            if (state == RUNNING) {
                try {
                    Disposable d = parent.timer.schedule(this, parent.timeoutNanos, TimeUnit.NANOSECONDS);
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
                actual.onError(new TimeoutException("attempt timed out after " + Duration.ofNanos(parent.timeoutNanos)));
                parent.gate.release();
            }
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                if (state != RUNNING) {
                    s.cancel();
                } else if (requested) {
                    s.request(Long.MAX_VALUE);
                }
            }
        }

        @Override
        public void onNext(R value) {
            if (finish()) {
                actual.onNext(value);
                actual.onComplete();
                parent.gate.release();
            } else {
                Operators.onDiscard(value, actual.currentContext());
            }
        }

        @Override
        public void onError(Throwable error) {
            if (finish()) {
                actual.onError(error);
                parent.gate.release();
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        /** A call that completes without a value is an error: every attempt must answer. */
        @Override
        public void onComplete() {
            if (finish()) {
                actual.onError(new IllegalStateException("execute() completed without a response"));
                parent.gate.release();
            }
        }

        /**
         * Claims the terminal signal. The permit is returned after the signal has been delivered:
         * a rate limit pauses the gate, and a retry queues ahead of the others, before the permit
         * can go to anyone else.
         */
        private boolean finish() {
            if (STATE.compareAndSet(this, RUNNING, DONE)) {
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

        @Override
        public void request(long n) {
            if (!requested) {
                requested = true;
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
                if (s == WAITING) {
                    if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                        parent.gate.remove(this);
                        return;
                    }
                } else if (s == RUNNING) {
                    if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
                        disposeDeadline();
                        parent.gate.release();
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
