package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ProcessingEvent;

/**
 * The only writer of the worker limit ({@link PermitGate#setLimit}): {@code setMaxWorkers} and
 * the AIMD both go through {@link #set}, which checks the ceiling and publishes
 * {@code WorkersChanged}. The limit is applied where permits are granted, in the gate.
 */
final class WorkerLimit {

    private final PermitGate gate;
    private final int ceiling;
    private final EngineClock clock;
    private final EventDispatcher events;

    WorkerLimit(PermitGate gate, int ceiling, EngineClock clock, EventDispatcher events) {
        this.gate = gate;
        this.ceiling = ceiling;
        this.clock = clock;
        this.events = events;
    }

    int current() {
        return gate.limit();
    }

    /** Sets the limit for calls that start from now on; running calls are not cut. */
    void set(int maxWorkers, String reason) {
        if (maxWorkers < 1 || maxWorkers > ceiling) {
            throw new IllegalArgumentException("maxWorkers must be between 1 and workerCeiling (" + ceiling
                    + ") (was " + maxWorkers + ")");
        }
        int previous = gate.limit();
        gate.setLimit(maxWorkers);
        if (previous != maxWorkers && events.enabled()) {
            events.publish(new ProcessingEvent.WorkersChanged(clock.instant(), previous, maxWorkers, reason));
        }
    }
}
