package io.llmbatch4j.core.internal;

import java.time.Duration;

/**
 * The time an item spent waiting for its budgets and for workers, over all its attempts (its
 * result's {@code admissionWait}). Made when the item first waits: an item admitted at once has
 * none. Touched by the item's attempts, which never overlap; a stop from another thread may read
 * a slightly stale total.
 */
final class AdmissionWait {

    private final EngineClock clock;
    private long since;
    private boolean waiting;
    private long totalNanos;

    AdmissionWait(EngineClock clock) {
        this.clock = clock;
    }

    /** A wait begins (nothing when one is going on). */
    void begin() {
        if (!waiting) {
            since = clock.nanoTime();
            waiting = true;
        }
    }

    /** The wait going on, if any, ended at {@code nowNanos}. */
    void end(long nowNanos) {
        if (waiting) {
            totalNanos += nowNanos - since;
            waiting = false;
        }
    }

    /** The time waited so far, a wait going on included. */
    Duration total() {
        long w = totalNanos;
        if (waiting) {
            w += clock.nanoTime() - since;
        }
        return w == 0 ? Duration.ZERO : Duration.ofNanos(w);
    }
}
