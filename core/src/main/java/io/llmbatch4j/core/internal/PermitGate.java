package io.llmbatch4j.core.internal;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking, resizable permit gate: at most {@code min(limit, rampCap)} permits are out, and
 * none is granted while paused (a rate-limit cooldown). Acquiring takes a permit by CAS when
 * nobody waits; otherwise the waiter queues (FIFO; retries go first) and a serialized drain loop
 * grants permits as they come back. Raising the limit acts at once, lowering acts as permits
 * return; nothing ever blocks a thread.
 */
final class PermitGate {

    /** Something waiting for a permit. */
    interface Waiter {
        /** Takes the permit; false if the waiter was cancelled meanwhile (the permit is then returned). */
        boolean grant();
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final ConcurrentLinkedDeque<Waiter> waiters = new ConcurrentLinkedDeque<>();
    private volatile int limit;
    private volatile int rampCap = Integer.MAX_VALUE;
    private volatile boolean paused;

    PermitGate(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    int inFlight() {
        return inFlight.get();
    }

    int waiting() {
        return waiters.size();
    }

    boolean paused() {
        return paused;
    }

    /** Sets the limit; permits already out are not taken back. */
    void setLimit(int newLimit) {
        limit = newLimit;
        drain();
    }

    /** Caps the limit temporarily (slow start); {@link Integer#MAX_VALUE} removes the cap. */
    void setRampCap(int cap) {
        rampCap = cap;
        drain();
    }

    int rampCap() {
        return rampCap;
    }

    /** Grants nothing until {@link #resume()}. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        drain();
    }

    /** Takes a permit at once if nobody waits and one is free. */
    boolean tryAcquire() {
        return !paused && waiters.isEmpty() && tryIncrement();
    }

    /** Queues a waiter; {@code first} puts it ahead of the others (a retry of an item already started). */
    void enqueue(Waiter waiter, boolean first) {
        if (first) {
            waiters.offerFirst(waiter);
        } else {
            waiters.offerLast(waiter);
        }
        drain();
    }

    /** Removes a cancelled waiter. */
    void remove(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Returns a permit. */
    void release() {
        inFlight.decrementAndGet();
        if (!waiters.isEmpty()) {
            drain();
        }
    }

    private boolean tryIncrement() {
        for (;;) {
            int current = inFlight.get();
            if (current >= Math.min(limit, rampCap)) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            while (!paused && !waiters.isEmpty() && tryIncrement()) {
                Waiter next = waiters.pollFirst();
                if (next == null || !next.grant()) {
                    inFlight.decrementAndGet();
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }
}
