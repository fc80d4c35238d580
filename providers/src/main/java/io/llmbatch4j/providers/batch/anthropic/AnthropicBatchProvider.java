package io.llmbatch4j.providers.batch.anthropic;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.ForwardingBatchProvider;
import io.llmbatch4j.providers.batch.anthropic.internal.AnthropicBatch;

/**
 * Anthropic Message Batches (providers.md §4): {@code POST /v1/messages/batches} with
 * {@code {"requests": [{custom_id, params}]}} streamed from the chunk file, polled with
 * {@code GET /v1/messages/batches/{id}}, results streamed from {@code …/{id}/results}.
 *
 * <p>Anthropic has only {@code in_progress}, {@code canceling} and {@code ended}; an {@code ended}
 * batch is reported {@link io.llmbatch4j.providers.batch.BatchStatus#CANCELLED} when a cancel was
 * requested, {@link io.llmbatch4j.providers.batch.BatchStatus#EXPIRED} when every request expired,
 * else {@link io.llmbatch4j.providers.batch.BatchStatus#COMPLETED} (providers.md §6's rule); the
 * per-request {@code errored}, {@code expired} and {@code canceled} results say the rest. An
 * {@code errored} item's error object is mapped as the realtime client maps the same error
 * answer. Thread-safe.
 */
public final class AnthropicBatchProvider extends ForwardingBatchProvider {

    private AnthropicBatchProvider(AnthropicBatch batch) {
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
    public static AnthropicBatchProvider create(HttpTransport transport, ProviderConfig config,
            BatchProviderConfig batchConfig) {
        return new AnthropicBatchProvider(new AnthropicBatch(transport, config, batchConfig));
    }
}
