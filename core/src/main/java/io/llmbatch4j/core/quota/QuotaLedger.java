package io.llmbatch4j.core.quota;

import java.time.Duration;

/**
 * One processor's handle on a quota's budgets. Times are nanoseconds on the clock of the processor
 * that opened it (the one it passes to {@link QuotaStore#open}); no method blocks or calls the
 * {@link QuotaSignals} back before it returns, so the processor may call them under its own lock.
 *
 * <p>A reservation is all or nothing across the request and token budgets: {@link #reserve} either
 * takes both now ({@link #GO}), or takes nothing and says when to ask again. The processor later
 * {@link #reconcile}s it with what the call really spent, or returns it whole when the provider
 * refused the call.
 */
public interface QuotaLedger extends AutoCloseable {

    /** {@link #reserve}'s answer for "reserved: go now". */
    long GO = 0;
    /** {@link #reserve}'s answer for "nothing reserved: ask again after {@link QuotaSignals#capacity()}". */
    long WAIT_FOR_SIGNAL = Long.MAX_VALUE;

    /**
     * Reserves {@code requests} requests and {@code tokens} estimated tokens if the budgets allow it now.
     *
     * @param requests requests to reserve (1 per call)
     * @param tokens estimated tokens to reserve, 0 when tokens are not budgeted
     * @param nowNanos the current time
     * @param queuedAtNanos when the caller started waiting (a caller queued before its slot keeps the schedule)
     * @return {@link #GO} when reserved; otherwise nothing is reserved and the answer is the nanos to
     *     wait before asking again ("go at T"), or {@link #WAIT_FOR_SIGNAL}
     */
    long reserve(long requests, long tokens, long nowNanos, long queuedAtNanos);

    /**
     * Corrects earlier reservations: positive values are spent beyond the reservation (debt),
     * negative ones are returned (a call refused by the provider returns its request and tokens).
     *
     * @param requests requests to add (negative to return)
     * @param tokens tokens to add (negative to return)
     */
    void reconcile(long requests, long tokens);

    /**
     * Holds every reservation of this processor until {@code untilNanos} (its own cooldown).
     *
     * @param untilNanos the end of the hold
     */
    void hold(long untilNanos);

    /**
     * The provider reported a window used up until {@code untilNanos}: holds every reservation
     * sharing the quota until then.
     *
     * @param untilNanos when the window resets
     */
    void exhausted(long untilNanos);

    /**
     * This processor started a cooldown of {@code length}; a shared ledger tells every other JVM
     * sharing the quota ({@link QuotaSignals#cooldown}).
     *
     * @param length how long the cooldown lasts
     */
    default void cooldownStarted(Duration length) {}

    /**
     * Limits learned from the provider's quota headers, for the dimensions the user left unset.
     *
     * @param learned the limits the provider reported
     */
    void learn(QuotaLimits learned);

    /** {@return the limits in force now: the configured ones, else the learned ones} */
    QuotaLimits limits();

    /** {@return where the budgets live now} */
    QuotaMode mode();

    /** Returns what this ledger holds and releases its resources; bounded, idempotent. */
    @Override
    void close();
}
