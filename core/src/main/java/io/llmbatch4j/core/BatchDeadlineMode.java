package io.llmbatch4j.core;

/** What a batch deadline ({@link GuardrailConfig#batchDeadline()}) does to calls running when it passes. */
public enum BatchDeadlineMode {
    /**
     * Calls running at the deadline finish (without retries afterwards); every item not in a call
     * (queued, waiting for a worker or a cooldown, in backoff, not yet taken from the source) ends
     * as {@link ErrorKind#BATCH_DEADLINE_EXCEEDED} without calling its strategy.
     */
    DRAIN,
    /** Like {@link #DRAIN}, but running calls are cancelled too and end as deadline-exceeded. */
    CANCEL
}
