package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.WorkItemResult;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.SynchronizedHistogram;
import org.jspecify.annotations.Nullable;

/**
 * What this run did, item by item. Written by the result path; read by the summary at the end or
 * by the Ctrl-C hook at any moment, so every access holds the tally's lock.
 */
final class Tally {

    /** How a result counts. */
    enum Outcome {
        SUCCEEDED, FAILED,
        /** Never sent, or stopped by the run (Ctrl-C, fail-fast, budget): not in the output, runs on resume. */
        NOT_RUN
    }

    /** Input items already in the output when the run began. */
    final long resumed;
    private long rejected;
    private long succeeded;
    private long failed;
    private long notRun;
    private long budgetStopped;
    private final Map<ErrorKind, Long> failedByKind = new EnumMap<>(ErrorKind.class);
    /** Time items queued for a worker (admission wait), ms. */
    final SynchronizedHistogram waitMillis = RunMeter.millisHistogram();
    private @Nullable String stopCause;
    private boolean interrupted;

    Tally(long resumed) {
        this.resumed = resumed;
    }

    /** Counts {@code r}; false when the run was interrupted, so nothing more may be written. */
    synchronized boolean count(WorkItemResult<?, ?> r, Outcome outcome) {
        if (interrupted) {
            return false;
        }
        waitMillis.recordValue(Math.min(waitMillis.getHighestTrackableValue(), r.admissionWait().toMillis()));
        switch (outcome) {
            case SUCCEEDED -> succeeded++;
            case FAILED -> {
                failed++;
                failedByKind.merge(r.error().kind(), 1L, Long::sum);
            }
            case NOT_RUN -> notRun++;
        }
        return true;
    }

    /** An item the budget stopped before it started (also counted as not run). */
    synchronized void budgetStopped() {
        budgetStopped++;
    }

    synchronized long budgetStoppedItems() {
        return budgetStopped;
    }

    synchronized void rejectedLine() {
        rejected++;
    }

    /** Records why the run cannot succeed, once: the first such error. */
    synchronized void stopCause(String cause) {
        if (stopCause == null) {
            stopCause = cause;
        }
    }

    /** After this, {@link #count} refuses: the Ctrl-C summary is final. */
    synchronized void interrupt() {
        interrupted = true;
    }

    synchronized boolean interrupted() {
        return interrupted;
    }

    synchronized boolean anySucceeded() {
        return succeeded > 0;
    }

    synchronized long succeeded() {
        return succeeded;
    }

    synchronized long failed() {
        return failed;
    }

    synchronized long notRun() {
        return notRun;
    }

    synchronized long rejected() {
        return rejected;
    }

    synchronized Map<ErrorKind, Long> failedByKind() {
        return new EnumMap<>(failedByKind);
    }

    synchronized @Nullable String stopCause() {
        return stopCause;
    }

    /** 0 when every item succeeded and no line was rejected, else 1. */
    synchronized int exitCode() {
        return failed == 0 && notRun == 0 && rejected == 0 ? 0 : 1;
    }
}
