package io.llmbatch4j.core.quota;

/**
 * Where processors keep their quota budgets. The default is in memory, per processor
 * ({@link #inMemory()}); the {@code llmbatch4j-redis} module shares them between JVMs.
 */
@FunctionalInterface
public interface QuotaStore {

    /**
     * Opens the ledger of one processor. Called once, when the processor is built; must not block on I/O.
     *
     * @param configured the budgets the user configured ({@link QuotaLimits#NONE} to learn them from headers)
     * @param signals where the ledger reports capacity, remote cooldowns and mode changes
     * @param nowNanos the current time on the processor's clock
     * @return the ledger; the processor closes it when it is closed
     */
    QuotaLedger open(QuotaLimits configured, QuotaSignals signals, long nowNanos);

    /** {@return the in-memory store: each processor keeps its own budgets ({@link LocalQuotaLedger})} */
    static QuotaStore inMemory() {
        return (configured, signals, now) -> new LocalQuotaLedger(configured, now);
    }
}
