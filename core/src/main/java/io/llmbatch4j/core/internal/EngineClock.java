package io.llmbatch4j.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.scheduler.Scheduler;

/**
 * The engine's time, derived from its scheduler: with an injected scheduler (virtual time in
 * tests) both the monotonic and the wall clock are the scheduler's; with the default one the
 * monotonic clock is {@link System#nanoTime()} for precision.
 */
public final class EngineClock {

    private final Scheduler scheduler;
    private final LongSupplier nanos;

    private EngineClock(Scheduler scheduler, LongSupplier nanos) {
        this.scheduler = scheduler;
        this.nanos = nanos;
    }

    /** Every reading from {@code scheduler}. */
    public static EngineClock of(Scheduler scheduler) {
        return new EngineClock(scheduler, () -> scheduler.now(TimeUnit.NANOSECONDS));
    }

    /** Wall time from {@code scheduler}, durations from {@link System#nanoTime()}. */
    public static EngineClock precise(Scheduler scheduler) {
        return new EngineClock(scheduler, System::nanoTime);
    }

    public long nanoTime() {
        return nanos.getAsLong();
    }

    public Instant instant() {
        return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
    }

    public Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, nanoTime() - startNanos));
    }

    public Scheduler scheduler() {
        return scheduler;
    }
}
