package io.llmbatch4j.core.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * An attempt's deadline, started once its call runs (a synchronous call, done during its
 * subscription, never starts one): when it fires first, the attempt times out
 * ({@link GatedAttempt}'s {@code timedOut}).
 */
final class AttemptDeadline implements Runnable {

    private final LongConsumer onTimeout;
    private final long timeoutNanos;

    private AttemptDeadline(LongConsumer onTimeout, long timeoutNanos) {
        this.onTimeout = onTimeout;
        this.timeoutNanos = timeoutNanos;
    }

    /** Schedules the deadline; a disposed timer when the scheduler is shutting down (the run is being torn down). */
    static Disposable start(LongConsumer onTimeout, Scheduler timer, long timeoutNanos) {
        try {
            return timer.schedule(new AttemptDeadline(onTimeout, timeoutNanos), timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return Disposables.disposed();
        }
    }

    @Override
    public void run() {
        onTimeout.accept(timeoutNanos);
    }
}
