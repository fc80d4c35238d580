package io.llmbatch4j.providers.batch.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before poll number {@code n} (0-based): {@code min(max, initial × multiplier^n)},
 * spread by ± {@code jitter} so that many batches polled together do not poll in step.
 */
public final class PollBackoff {

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    public PollBackoff(Duration initial, Duration max, double multiplier, double jitter, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = random;
    }

    public Duration delay(int n) {
        double base = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.min(n, 64)));
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.max(0, Math.round(Math.min(max.toNanos(), base * spread))));
    }
}
