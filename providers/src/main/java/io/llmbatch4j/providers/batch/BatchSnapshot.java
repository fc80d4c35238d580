package io.llmbatch4j.providers.batch;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one poll saw.
 *
 * @param batchId the provider's id
 * @param status the normalised status ({@link BatchStatus#UNKNOWN} when the mapping does not know the word)
 * @param providerStatus the provider's own word, as sent
 * @param total requests in the batch, 0 when the provider does not say yet
 * @param succeeded requests that succeeded so far (some providers fill this only at the end)
 * @param failed requests that failed, expired or were cancelled so far
 * @param usage tokens the batch spent, when the provider reports them at batch level (OpenAI), else zero
 * @param error the batch-level error message (OpenAI file errors, Gemini operation error), or null
 * @param retryable true when the batch-level error is worth submitting again later
 *     (OpenAI {@code token_limit_exceeded}: the queue was full)
 * @param raw the provider's batch object as sent (JSON), for results that travel inside it (Gemini)
 */
public record BatchSnapshot(String batchId, BatchStatus status, String providerStatus, long total, long succeeded,
        long failed, UsageInfo usage, @Nullable String error, boolean retryable, String raw) {

    /**
     * Checks that id, statuses, usage and raw object are present.
     *
     * @param batchId the provider's id
     * @param status the normalised status
     * @param providerStatus the provider's own word
     * @param total requests in the batch
     * @param succeeded requests that succeeded so far
     * @param failed requests that failed, expired or were cancelled so far
     * @param usage tokens the batch spent
     * @param error the batch-level error message, or {@code null}
     * @param retryable whether the batch-level error is worth submitting again later
     * @param raw the provider's batch object as sent
     */
    public BatchSnapshot {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(providerStatus, "providerStatus");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(raw, "raw");
    }

    /** {@return whether the batch is in a state it never leaves} */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** Names the id, both statuses and the counts; never the raw object. */
    @Override
    public String toString() {
        return "BatchSnapshot[" + batchId + " " + status + " (" + providerStatus + "), total=" + total + ", succeeded="
                + succeeded + ", failed=" + failed + (error != null ? ", error=" + error : "") + "]";
    }
}
