package io.llmbatch4j.core;

import java.time.Duration;

/**
 * Item latency percentiles from a streaming histogram (about 3% relative error; no samples are
 * kept or sorted).
 */
public record LatencySummary(long count, Duration p50, Duration p95, Duration p99, Duration max) {

    /** No samples. */
    public static final LatencySummary EMPTY =
            new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
}
