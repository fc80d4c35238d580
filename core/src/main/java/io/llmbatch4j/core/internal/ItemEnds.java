package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.GuardrailConfig;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RunOutcome;
import io.llmbatch4j.core.WorkItemResult;

/**
 * Records an ended item, once per item, before its owner hears of it: the engine's counters, the
 * run's totals, {@code ItemSucceeded}/{@code ItemFailed}; and fail-fast: a failure the guardrails
 * abort on stops the run ({@link Run#stop}) once.
 */
final class ItemEnds {

    private final EngineStats stats;
    private final EventDispatcher events;
    private final EngineClock clock;
    private final GuardrailConfig guardrails;

    ItemEnds(EngineStats stats, EventDispatcher events, EngineClock clock, GuardrailConfig guardrails) {
        this.stats = stats;
        this.events = events;
        this.clock = clock;
        this.guardrails = guardrails;
    }

    void record(Run run, WorkItemResult<?, ?> result) {
        stats.latency.record(result.duration().toNanos());
        stats.usage.add(result.usage());
        boolean observed = events.enabled();
        if (observed) {
            run.usage.add(result.usage());
        }
        if (result.success()) {
            stats.succeeded.increment();
            if (observed) {
                run.succeeded.increment();
                events.publish(new ProcessingEvent.ItemSucceeded(clock.instant(), run.runId, result.itemId(),
                        result.attempts(), result.usage(), result.duration(), result.model()));
            }
            return;
        }
        stats.failed.increment();
        if (observed) {
            run.failed.increment();
            events.publish(new ProcessingEvent.ItemFailed(clock.instant(), run.runId, result.itemId(),
                    result.attempts(), result.error(), result.usage(), result.duration()));
        }
        if (guardrails.failFast()) {
            maybeAbort(run, result);
        }
    }

    private void maybeAbort(Run run, WorkItemResult<?, ?> result) {
        ErrorInfo error = result.error();
        if (run.shared || error == null || run.stopReason != null || !guardrails.abortsOn(error)) {
            return;
        }
        run.stop(new ErrorInfo(ErrorKind.ABORTED, "the run was aborted: item '" + result.itemId() + "' failed with "
                + error, ErrorKind.ABORTED.name(), null, error.cause()), RunOutcome.ABORTED, true, () -> {
                    if (events.enabled()) {
                        events.publish(new ProcessingEvent.RunAborted(clock.instant(), run.runId, result.itemId(),
                                error));
                    }
                });
    }
}
