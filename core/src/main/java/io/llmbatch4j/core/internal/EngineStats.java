package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.TokenUsage;
import java.util.concurrent.atomic.LongAdder;

/** A processor's counters since it was built, shared by its runs. */
public final class EngineStats {

    /** Items started by a pool, and by runs that have ended; a live run's stream counts its own. */
    final LongAdder started = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder rateLimits = new LongAdder();
    final LongAdder postProcessFailures = new LongAdder();
    final UsageCounter usage = new UsageCounter();
    final LatencyHistogram latency = new LatencyHistogram();

    public long started() {
        return started.sum();
    }

    public long succeeded() {
        return succeeded.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long rateLimits() {
        return rateLimits.sum();
    }

    public TokenUsage usage() {
        return usage.total();
    }

    public LatencyHistogram latency() {
        return latency;
    }
}
