package io.llmbatch4j.providers.batch.gemini;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.ForwardingBatchProvider;
import io.llmbatch4j.providers.batch.gemini.internal.GeminiBatch;

/**
 * Gemini batch mode with inline requests (providers.md §5.4): {@code POST
 * /v1beta/models/{model}:batchGenerateContent} with {@code inputConfig.requests.requests[{request,
 * metadata{key}}]} streamed from the chunk file (under 20 MB by default), polled with
 * {@code GET /v1beta/batches/{id}} (both {@code BATCH_STATE_*} and {@code JOB_STATE_*} words are
 * mapped), cancelled with {@code :cancel}. Results come inline in the finished operation's
 * {@code response.inlinedResponses}, or, when the provider answers with a {@code responsesFile},
 * from that file streamed through a temporary file. Creation is not idempotent. Thread-safe.
 */
public final class GeminiBatchProvider extends ForwardingBatchProvider {

    private GeminiBatchProvider(GeminiBatch batch) {
        super(batch);
    }

    /**
     * A provider over {@code transport}; {@code config} gives base URL, key and model catalog.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @param batchConfig limits and status mapping
     * @return the provider
     */
    public static GeminiBatchProvider create(HttpTransport transport, ProviderConfig config,
            BatchProviderConfig batchConfig) {
        return new GeminiBatchProvider(new GeminiBatch(transport, config, batchConfig));
    }
}
