package io.llmbatch4j.providers.batch;

import java.time.Instant;
import java.util.Objects;

/**
 * A submitted batch: what a journal must keep to poll it again after a restart.
 *
 * @param provider the batch provider's name
 * @param batchId the provider's id ({@code batch_…}, {@code msgbatch_…}, {@code batches/…})
 * @param model the batch's model
 * @param requestCount how many requests were submitted
 * @param submittedAt when the provider accepted it
 */
public record BatchHandle(String provider, String batchId, String model, int requestCount, Instant submittedAt) {

    /**
     * Checks that provider, id, model and time are present.
     *
     * @param provider the batch provider's name
     * @param batchId the provider's id
     * @param model the batch's model
     * @param requestCount how many requests were submitted
     * @param submittedAt when the provider accepted it
     */
    public BatchHandle {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(submittedAt, "submittedAt");
    }
}
