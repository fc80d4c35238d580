package io.llmbatch4j.providers.batch;

/**
 * A batch's state in one vocabulary for every provider (providers.md §6). Each provider's own
 * status words are mapped to these by a {@link BatchStatusMapping} read from configuration;
 * a word the mapping does not know becomes {@link #UNKNOWN} (never a guess), and the provider's
 * word is kept in {@link BatchSnapshot#providerStatus()} so it can be reported.
 */
public enum BatchStatus {
    /** The input is being checked (OpenAI {@code validating}). */
    VALIDATING,
    /** Accepted, waiting to run (Gemini {@code PENDING}). */
    QUEUED,
    /** Running. */
    IN_PROGRESS,
    /** Done running, results being written (OpenAI {@code finalizing}). */
    FINALIZING,
    /** Ended with results; individual items may still have failed. */
    COMPLETED,
    /** The batch as a whole failed (OpenAI file validation, Gemini {@code FAILED}). */
    FAILED,
    /** The completion window passed; finished items may still have results. */
    EXPIRED,
    /** A cancel was asked for; requests still running may finish. */
    CANCELLING,
    /** Cancelled; items finished before the cancel may still have results. */
    CANCELLED,
    /** A provider status the mapping does not know: not terminal, keep polling and report it. */
    UNKNOWN;

    /** {@return whether a batch never leaves this state: completed, failed, expired, cancelled} */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }
}
