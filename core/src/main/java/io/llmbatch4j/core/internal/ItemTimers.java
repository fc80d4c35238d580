package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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

    /**
     * The timers of {@code item}: its deadline ({@code totalTimeoutPerItem}, which cancels it) and,
     * for a pool call, the admission timeout, which ends it REJECTED while {@code noCallYet} holds.
     */
    static ItemTimers start(Run.Member item, EngineParts parts, long admissionTimeoutNanos, BooleanSupplier noCallYet) {
        ItemTimers t = new ItemTimers();
        Scheduler scheduler = parts.clock().scheduler();
        long deadline = parts.itemDeadlineNanos();
        if (deadline > 0) {
            t.deadline = schedule(scheduler, () -> item.stop(ErrorInfo.of(ErrorKind.ITEM_DEADLINE_EXCEEDED,
                    "the item ran past totalTimeoutPerItem (" + parts.config().totalTimeoutPerItem() + ")"), true),
                    deadline);
        }
        if (admissionTimeoutNanos > 0) {
            ErrorInfo reason = ErrorInfo.of(ErrorKind.REJECTED,
                    "no worker within the submit timeout (" + Duration.ofNanos(admissionTimeoutNanos) + ")");
            t.admission = schedule(scheduler, () -> {
                if (noCallYet.getAsBoolean()) { // no call started: the item ends without one
                    item.stop(reason, true);
                }
            }, admissionTimeoutNanos);
        }
        return t;
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
