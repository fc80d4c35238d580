package io.llmbatch4j.core.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * An attempt's deadline, started once its call runs (a synchronous call, done during its
 * subscription, never starts one): when it fires first, the attempt times out.
 */
final class AttemptDeadline implements Runnable {

    private final GatedAttempt<?> attempt;
    private final long timeoutNanos;

    private AttemptDeadline(GatedAttempt<?> attempt, long timeoutNanos) {
        this.attempt = attempt;
        this.timeoutNanos = timeoutNanos;
    }

    /** Schedules the deadline; a disposed timer when the scheduler is shutting down (the run is being torn down). */
    static Disposable start(GatedAttempt<?> attempt, Scheduler timer, long timeoutNanos) {
        try {
            return timer.schedule(new AttemptDeadline(attempt, timeoutNanos), timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return Disposables.disposed();
        }
    }

    @Override
    public void run() {
        attempt.timedOut(timeoutNanos);
    }
}
