package io.llmbatch4j.core.quota;

/** Where a {@link QuotaLedger}'s budgets live right now. */
public enum QuotaMode {
    /** In this JVM only (the in-memory default). */
    LOCAL,
    /** In a store shared with other JVMs. */
    SHARED,
    /** The shared store is unreachable: a local share of the quota until it is back. */
    FALLBACK
}
