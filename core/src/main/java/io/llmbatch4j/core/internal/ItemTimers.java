package io.llmbatch4j.core.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * An item's own timers, made only for items that have one: the item deadline
 * ({@code totalTimeoutPerItem}) and a pool call's admission timeout. Each fires into its item,
 * which ignores it once it has ended; the item disposes both when it ends.
 */
final class ItemTimers {

    private volatile @Nullable Disposable deadline;
    private volatile @Nullable Disposable admission;

    void startDeadline(Scheduler scheduler, Runnable onDeadline, long nanos) {
        deadline = schedule(scheduler, onDeadline, nanos);
    }

    void startAdmission(Scheduler scheduler, Runnable onTimeout, long nanos) {
        admission = schedule(scheduler, onTimeout, nanos);
    }

    /** A call started: the admission timeout no longer applies. */
    void admitted() {
        dispose(admission);
    }

    void disposeAll() {
        dispose(deadline);
        dispose(admission);
    }

    private static @Nullable Disposable schedule(Scheduler scheduler, Runnable action, long nanos) {
        try {
            return scheduler.schedule(action, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null; // the scheduler is gone: the run is being torn down
        }
    }

    private static void dispose(@Nullable Disposable d) {
        if (d != null) {
            d.dispose();
        }
    }
}
