package io.llmbatch4j.core;

import java.time.Duration;
import java.util.List;

/**
 * A collected run: every result in input order, with totals.
 *
 * @param results one per input item, in input order
 * @param succeeded items that succeeded
 * @param failed items that failed
 * @param usage the sum of every item's usage
 * @param duration from the run's start to its end
 * @param latency item latency percentiles
 * @param outcome how the run ended: completed, deadline, aborted (fail-fast) or cancelled
 */
public record BatchResult<T, C>(List<WorkItemResult<T, C>> results, long succeeded, long failed, TokenUsage usage,
        Duration duration, LatencySummary latency, RunOutcome outcome) {

    /**
     * Copies the results.
     *
     * @param results every item's result, in input order
     * @param succeeded how many items succeeded
     * @param failed how many items failed
     * @param usage the tokens of every item
     * @param duration the run's wall time
     * @param latency item latency percentiles
     * @param outcome how the run ended
     */
    public BatchResult {
        results = List.copyOf(results);
        java.util.Objects.requireNonNull(outcome, "BatchResult.outcome");
    }

    /**
     * A run that completed.
     *
     * @param results every item's result, in input order
     * @param succeeded how many items succeeded
     * @param failed how many items failed
     * @param usage the tokens of every item
     * @param duration the run's wall time
     * @param latency item latency percentiles
     */
    public BatchResult(List<WorkItemResult<T, C>> results, long succeeded, long failed, TokenUsage usage,
            Duration duration, LatencySummary latency) {
        this(results, succeeded, failed, usage, duration, latency, RunOutcome.COMPLETED);
    }

    /** {@return how many items were processed ({@code succeeded + failed})} */
    public long total() {
        return succeeded + failed;
    }

    /** {@return items ended (succeeded or failed) per second over the run's duration} */
    public double throughputPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : total() / seconds;
    }
}
