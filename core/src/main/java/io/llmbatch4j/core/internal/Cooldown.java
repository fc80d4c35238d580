package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.quota.QuotaLedger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The coordinated rate-limit cooldown. A rate limit pauses the {@link PermitGate}, so no attempt
 * of any item (retries in backoff included) starts until the cooldown ends; one timer reopens it,
 * then a slow start doubles a cap on the worker limit every interval until it is whole.
 *
 * <p>A rate limit from an attempt that started before the current (or latest) cooldown began is
 * old news: it may lengthen a running cooldown to its retry-after, but it neither starts a new one
 * nor counts as consecutive. The consecutive count resets on any success.
 *
 * <p>With a shared {@link QuotaLedger} ({@link #share}), a cooldown started here is announced to
 * the other JVMs sharing the quota, and theirs start one here ({@link #onRemote}); the ledger is
 * closed with the cooldown.
 */
final class Cooldown {

    private final PermitGate gate;
    private final RateLimitConfig config;
    private final EngineClock clock;
    private final EventDispatcher events;

    private boolean active;
    private long startedAt = Long.MIN_VALUE;
    private long endsAt;
    private long totalNanos;
    private volatile int consecutive;
    private @Nullable Disposable endTimer;
    private @Nullable Disposable rampTimer;
    private boolean disposed;
    private volatile @Nullable QuotaLedger shared;

    Cooldown(PermitGate gate, RateLimitConfig config, EngineClock clock, EventDispatcher events) {
        this.gate = gate;
        this.config = config;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Reports a rate limit from an attempt that started at {@code attemptStartNanos}.
     *
     * @return true when it started a new cooldown
     */
    synchronized boolean onRateLimit(@Nullable Duration retryAfter, long attemptStartNanos) {
        return start(retryAfter, attemptStartNanos, true);
    }

    /**
     * Another JVM sharing the quota started a cooldown lasting {@code remaining} more: starts (or
     * lengthens) one here, without announcing it back.
     *
     * @return true when it started a new cooldown
     */
    synchronized boolean onRemote(Duration remaining) {
        return start(remaining, clock.nanoTime(), false);
    }

    /** Announces this engine's cooldowns through {@code ledger}, and closes it on {@link #dispose()}. */
    void share(QuotaLedger ledger) {
        shared = ledger;
    }

    private boolean start(@Nullable Duration retryAfter, long attemptStartNanos, boolean announce) {
        if (disposed) {
            return false;
        }
        long now = clock.nanoTime();
        if (active) {
            if (retryAfter != null) {
                long end = now + cap(retryAfter).toNanos();
                if (end > endsAt) {
                    endsAt = end;
                    scheduleEnd(end - now);
                }
            }
            return false;
        }
        if (startedAt != Long.MIN_VALUE && attemptStartNanos < startedAt) {
            return false;
        }
        int n = ++consecutive;
        Duration wait = retryAfter != null ? cap(retryAfter) : escalated(n);
        active = true;
        startedAt = now;
        endsAt = now + wait.toNanos();
        cancelRamp();
        gate.pause();
        gate.setRampCap(Integer.MAX_VALUE);
        scheduleEnd(wait.toNanos());
        QuotaLedger ledger = shared;
        if (announce && ledger != null) {
            ledger.cooldownStarted(wait);
        }
        if (events.enabled()) {
            events.publish(new ProcessingEvent.CooldownStarted(clock.instant(), wait, n));
        }
        return true;
    }

    /** When the current (or last) cooldown ends, by the engine clock. */
    synchronized long endsAt() {
        return endsAt;
    }

    /** Any success ends a streak of consecutive rate limits. */
    void onSuccess() {
        if (consecutive != 0) {
            consecutive = 0;
        }
    }

    synchronized boolean active() {
        return active;
    }

    synchronized Duration totalTime() {
        return Duration.ofNanos(totalNanos + (active ? clock.nanoTime() - startedAt : 0));
    }

    /** Stops every timer and reopens the gate. */
    void dispose() {
        synchronized (this) {
            disposeTimers();
        }
        gate.setRampCap(Integer.MAX_VALUE);
        gate.resume();
        QuotaLedger ledger = shared;
        if (ledger != null) {
            ledger.close();
        }
    }

    private void disposeTimers() {
        disposed = true;
        if (endTimer != null) {
            endTimer.dispose();
        }
        cancelRamp();
        if (active) {
            active = false;
            totalNanos += clock.nanoTime() - startedAt;
            if (events.enabled()) {
                events.publish(new ProcessingEvent.CooldownEnded(clock.instant(), clock.since(startedAt)));
            }
        }
    }

    /** {@code d}, at most {@link RateLimitConfig#maxCooldown()}: the longest a provider's retry-after is honoured. */
    Duration cap(Duration d) {
        return d.compareTo(config.maxCooldown()) > 0 ? config.maxCooldown() : d;
    }

    private Duration escalated(int n) {
        double nanos = config.cooldown().toNanos() * Math.pow(config.cooldownMultiplier(), n - 1);
        return cap(Duration.ofNanos((long) Math.min(nanos, (double) Long.MAX_VALUE / 2)));
    }

    private void scheduleEnd(long delayNanos) {
        if (endTimer != null) {
            endTimer.dispose();
        }
        endTimer = clock.scheduler().schedule(this::end, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void end() {
        synchronized (this) {
            if (!active || disposed) {
                return;
            }
            active = false;
            long lasted = clock.nanoTime() - startedAt;
            totalNanos += lasted;
            if (events.enabled()) {
                events.publish(new ProcessingEvent.CooldownEnded(clock.instant(), Duration.ofNanos(lasted)));
            }
            startSlowStart();
        }
        gate.resume();
    }

    private void startSlowStart() {
        int limit = gate.limit();
        int initial = Math.max(1, (int) Math.ceil(limit * config.slowStartInitialFraction()));
        if (initial >= limit) {
            gate.setRampCap(Integer.MAX_VALUE);
            return;
        }
        gate.setRampCap(initial); // still paused: grants nothing until end() resumes the gate
        long interval = config.slowStartInterval().toNanos();
        rampTimer = clock.scheduler().schedulePeriodically(this::rampUp, interval, interval, TimeUnit.NANOSECONDS);
    }

    private void rampUp() {
        int cap;
        synchronized (this) {
            if (active || disposed) {
                return;
            }
            long next = (long) gate.rampCap() * 2;
            if (next >= gate.limit()) {
                cap = Integer.MAX_VALUE;
                cancelRamp();
            } else {
                cap = (int) next;
            }
        }
        gate.setRampCap(cap);
    }

    private void cancelRamp() {
        if (rampTimer != null) {
            rampTimer.dispose();
            rampTimer = null;
        }
    }
}
