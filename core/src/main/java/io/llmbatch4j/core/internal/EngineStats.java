package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.TokenUsage;
import java.util.concurrent.atomic.LongAdder;

/** A processor's counters since it was built, shared by its runs. */
final class EngineStats {

    /** Items started by a pool, and by runs that have ended; a live run's stream counts its own. */
    final LongAdder started = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder rateLimits = new LongAdder();
    final LongAdder postProcessFailures = new LongAdder();
    final UsageCounter usage = new UsageCounter();
    final LatencyHistogram latency = new LatencyHistogram();

    long started() {
        return started.sum();
    }

    long succeeded() {
        return succeeded.sum();
    }

    long failed() {
        return failed.sum();
    }

    long retries() {
        return retries.sum();
    }

    long rateLimits() {
        return rateLimits.sum();
    }

    TokenUsage usage() {
        return usage.total();
    }

    LatencyHistogram latency() {
        return latency;
    }
}
