/**
 * {@link io.llmbatch4j.core.ProcessingObserver}s: {@link io.llmbatch4j.observers.MicrometerObserver}
 * (the OpenTelemetry {@code gen_ai.*} client conventions plus {@code llmbatch.*} meters),
 * {@link io.llmbatch4j.observers.CostTracker}, {@link io.llmbatch4j.observers.RateLimitTracker},
 * {@link io.llmbatch4j.observers.ProgressObserver} and {@link io.llmbatch4j.observers.JsonlEventLog}.
 *
 * <p>All of them follow the observer contract of core: they are called on their own event lane,
 * one event at a time; they never block the workers and never throw (a failure is logged and the
 * event skipped). Their totals are complete once a run's {@code process()} / {@code processAll()}
 * has completed (the processor waits for observers to catch up).
 */
@NullMarked
package io.llmbatch4j.observers;

import org.jspecify.annotations.NullMarked;
