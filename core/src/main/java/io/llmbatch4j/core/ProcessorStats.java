package io.llmbatch4j.core;

import java.time.Duration;

/**
 * A snapshot of a processor's counters since it was built (all runs).
 *
 * @param started items started
 * @param succeeded items that succeeded
 * @param failed items that failed
 * @param retries retries of any kind
 * @param rateLimitCount rate-limit errors seen
 * @param inFlight calls running now
 * @param maxWorkers the current worker limit
 * @param cooldownActive whether a rate-limit cooldown is running now
 * @param cooldownTime total time spent in cooldowns that have ended
 * @param usage tokens spent
 * @param droppedEvents events not delivered to an observer because it fell too far behind
 * @param latency item latency percentiles
 * @param postProcessFailures post-processor runs that failed or timed out
 */
public record ProcessorStats(long started, long succeeded, long failed, long retries, long rateLimitCount,
        int inFlight, int maxWorkers, boolean cooldownActive, Duration cooldownTime, TokenUsage usage,
        long droppedEvents, LatencySummary latency, long postProcessFailures) {

    /** Items that have ended. */
    public long completed() {
        return succeeded + failed;
    }
}
