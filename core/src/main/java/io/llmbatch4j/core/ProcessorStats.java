package io.llmbatch4j.core;

import java.time.Duration;
import java.util.Locale;

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

    /**
     * Items that have ended.
     *
     * @return {@code succeeded + failed}
     */
    public long completed() {
        return succeeded + failed;
    }

    /**
     * One line a person can read, e.g. {@code ProcessorStats[1,000 started: 998 succeeded, 2 failed, 0 in
     * flight of 50 workers; 51 retries, 3 rate limits, cooldown off (2,000 ms spent); tokens 120,000 in
     * (0 cached), 2,000 out; latency p50 12 ms, p95 25 ms, p99 31 ms, max 40 ms; 0 events dropped, 0
     * post-process failures]}. Numbers use the root locale, durations are whole milliseconds.
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ProcessorStats[%,d started: %,d succeeded, %,d failed, %,d in flight of %,d"
                + " workers; %,d retries, %,d rate limits, cooldown %s (%,d ms spent); tokens %,d in (%,d cached), %,d out;"
                + " latency p50 %,d ms, p95 %,d ms, p99 %,d ms, max %,d ms; %,d events dropped, %,d post-process"
                + " failures]", started, succeeded, failed, inFlight, maxWorkers, retries, rateLimitCount,
                cooldownActive ? "on" : "off", cooldownTime.toMillis(), usage.inputTokens(), usage.cachedInputTokens(),
                usage.outputTokens(), latency.p50().toMillis(), latency.p95().toMillis(), latency.p99().toMillis(),
                latency.max().toMillis(), droppedEvents, postProcessFailures);
    }
}
