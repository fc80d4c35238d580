package io.llmbatch4j.providers.batch.openai;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.ForwardingBatchProvider;
import io.llmbatch4j.providers.batch.openai.internal.OpenAiBatch;

/**
 * The OpenAI Batch API (providers.md §2) and its compatibles (Groq, kluster.ai: §2.8) — same
 * endpoints under {@link BatchProviderConfig#apiPrefix()}, same JSONL and batch object.
 *
 * <p>{@link #preparePayloads} writes one JSONL line per request ({@code custom_id}, {@code POST},
 * {@code /v1/chat/completions}, and the body the realtime client would send) into chunk files;
 * {@link #submit} uploads the file as {@code multipart/form-data} ({@code purpose=batch}) streamed
 * from disk, then creates the batch with the configured completion window. {@link #fetchResults}
 * streams both the output and the error file (a completed batch may have only the latter) and
 * parses each line's {@code response.body} with the realtime parser, so a 400 inside a batch
 * becomes the same typed exception a realtime 400 would. Thread-safe.
 */
public final class OpenAiBatchProvider extends ForwardingBatchProvider {

    private OpenAiBatchProvider(OpenAiBatch batch) {
        super(batch);
    }

    /**
     * A provider over {@code transport}; {@code config} gives base URL, key and model catalog.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @param batchConfig limits, prefix and status mapping
     * @return the provider
     */
    public static OpenAiBatchProvider create(HttpTransport transport, ProviderConfig config,
            BatchProviderConfig batchConfig) {
        return new OpenAiBatchProvider(new OpenAiBatch(transport, config, batchConfig));
    }
}
