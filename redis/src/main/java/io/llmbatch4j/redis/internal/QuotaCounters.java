package io.llmbatch4j.redis.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The counters a store reports in its stats; written from any thread. */
public final class QuotaCounters {

    final AtomicLong leaseCalls = new AtomicLong();
    final AtomicLong failedCalls = new AtomicLong();
    final AtomicLong fallbacks = new AtomicLong();
    final AtomicLong cooldownsSent = new AtomicLong();
    final AtomicLong cooldownsReceived = new AtomicLong();
    final AtomicLong reservations = new AtomicLong();

    /** A new set at zero. */
    public QuotaCounters() {}

    /** {@return Redis round trips for leases (each also carries corrections and learned limits)} */
    public long leaseCalls() {
        return leaseCalls.get();
    }

    /** {@return Redis calls that failed or timed out} */
    public long failedCalls() {
        return failedCalls.get();
    }

    /** {@return times a ledger fell back to a local share} */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** {@return cooldowns announced to other JVMs} */
    public long cooldownsSent() {
        return cooldownsSent.get();
    }

    /** {@return cooldowns received from other JVMs} */
    public long cooldownsReceived() {
        return cooldownsReceived.get();
    }

    /** {@return reservations granted while shared} */
    public long reservations() {
        return reservations.get();
    }
}
