package io.llmbatch4j.providers.batch.gemini;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderFactory;

/** The {@code gemini} factory ({@link BatchProviderConfig#gemini()}). */
public final class GeminiBatchProviderFactory implements BatchProviderFactory {

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public BatchProviderConfig defaults() {
        return BatchProviderConfig.gemini().build();
    }

    @Override
    public BatchProvider create(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        return GeminiBatchProvider.create(transport, config, batchConfig);
    }
}
