package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.providers.ChatResponse;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of one request of a batch, as the provider reported it (providers.md §6, per-item
 * outcomes).
 *
 * @param customId the id the request was submitted with
 * @param outcome how it ended
 * @param response the answer, parsed exactly as the realtime client parses it, when it succeeded
 * @param error the failure as core's typed exception (transient, permanent, model limitation),
 *     when it did not succeed
 * @param rawLine the provider's result for this request, as one line of JSON (kept in the raw
 *     results file)
 */
public record BatchItemResult(String customId, Outcome outcome, @Nullable ChatResponse response,
        @Nullable LLMException error, String rawLine) {

    /** How one request of a batch ended. */
    public enum Outcome {
        /** The request was answered. */
        SUCCEEDED,
        /** The request was answered with an error (validation, server error, ...). */
        ERRORED,
        /** The request was not run before the batch's window closed. */
        EXPIRED,
        /** The request was not run because the batch was cancelled. */
        CANCELLED
    }

    /**
     * Checks that the response is present exactly for {@link Outcome#SUCCEEDED}.
     *
     * @param customId the id the request was submitted with
     * @param outcome how it ended
     * @param response the answer when it succeeded, else {@code null}
     * @param error the failure when it did not, or {@code null}
     * @param rawLine the provider's result as one line of JSON
     * @throws IllegalArgumentException when outcome and response disagree
     */
    public BatchItemResult {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rawLine, "rawLine");
        if ((outcome == Outcome.SUCCEEDED) != (response != null)) {
            throw new IllegalArgumentException("BatchItemResult.response must be set exactly when the outcome is "
                    + "SUCCEEDED (customId='" + customId + "', outcome=" + outcome + ")");
        }
    }
}
