package io.llmbatch4j.core.quota;

import java.time.Duration;

/**
 * What a {@link QuotaLedger} tells the processor that opened it. Called from any thread, never
 * while the ledger holds a lock of its own; implementations return quickly and never block.
 */
public interface QuotaSignals {

    /** Capacity may be available now: reservations answered {@link QuotaLedger#WAIT_FOR_SIGNAL} should ask again. */
    void capacity();

    /**
     * Another JVM sharing the quota started a cooldown that lasts {@code remaining} more.
     *
     * @param remaining how long the cooldown still lasts
     */
    void cooldown(Duration remaining);

    /**
     * The ledger moved to {@code mode} (e.g. {@link QuotaMode#FALLBACK} when the store is unreachable).
     *
     * @param mode the new mode
     */
    default void modeChanged(QuotaMode mode) {}
}
