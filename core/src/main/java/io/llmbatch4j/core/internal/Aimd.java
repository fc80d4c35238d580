package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.AdaptiveConcurrency;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AIMD of {@link AdaptiveConcurrency}: halves the worker gate's limit when a rate limit starts
 * a cooldown, adds one after a run of successes. Changes go through
 * {@link Engine#setMaxWorkers(int, String)}, so each one is a {@code WorkersChanged} event.
 */
final class Aimd {

    private final AdaptiveConcurrency config;
    private final Engine<?, ?> engine;
    private final AtomicInteger successes = new AtomicInteger();

    Aimd(AdaptiveConcurrency config, Engine<?, ?> engine) {
        this.config = config;
        this.engine = engine;
    }

    /** A call succeeded; every {@code successesBeforeIncrease}-th one adds a worker. */
    void onSuccess() {
        if (successes.incrementAndGet() >= config.successesBeforeIncrease()) {
            synchronized (this) {
                if (successes.get() < config.successesBeforeIncrease()) {
                    return;
                }
                successes.set(0);
                int current = engine.gate.limit();
                if (current < config.maxWorkers()) {
                    engine.setMaxWorkers(current + 1, AdaptiveConcurrency.REASON_INCREASE);
                }
            }
        }
    }

    /** A rate limit started a cooldown: multiplicative decrease, not below the minimum. */
    synchronized void onCooldown() {
        successes.set(0);
        int current = engine.gate.limit();
        int next = config.decreased(current);
        if (next < current) {
            engine.setMaxWorkers(next, AdaptiveConcurrency.REASON_DECREASE);
        }
    }
}
