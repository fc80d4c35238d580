package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.AdaptiveConcurrency;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AIMD of {@link AdaptiveConcurrency}: halves the worker gate's limit when a rate limit starts
 * a cooldown, adds one after a run of successes. Changes go through
 * {@link WorkerLimit#set}, so each one is a {@code WorkersChanged} event.
 */
final class Aimd {

    private final AdaptiveConcurrency config;
    private final WorkerLimit limit;
    private final AtomicInteger successes = new AtomicInteger();

    Aimd(AdaptiveConcurrency config, WorkerLimit limit) {
        this.config = config;
        this.limit = limit;
    }

    /** A call succeeded; every {@code successesBeforeIncrease}-th one adds a worker. */
    void onSuccess() {
        if (successes.incrementAndGet() >= config.successesBeforeIncrease()) {
            synchronized (this) {
                if (successes.get() < config.successesBeforeIncrease()) {
                    return;
                }
                successes.set(0);
                int current = limit.current();
                if (current < config.maxWorkers()) {
                    limit.set(current + 1, AdaptiveConcurrency.REASON_INCREASE);
                }
            }
        }
    }

    /** A rate limit started a cooldown: multiplicative decrease, not below the minimum. */
    synchronized void onCooldown() {
        successes.set(0);
        int current = limit.current();
        int next = config.decreased(current);
        if (next < current) {
            limit.set(next, AdaptiveConcurrency.REASON_DECREASE);
        }
    }
}
