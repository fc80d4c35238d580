package io.llmbatch4j.providers.batch.anthropic;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderFactory;

/** The {@code anthropic} factory ({@link BatchProviderConfig#anthropic()}). */
public final class AnthropicBatchProviderFactory implements BatchProviderFactory {

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public BatchProviderConfig defaults() {
        return BatchProviderConfig.anthropic().build();
    }

    @Override
    public BatchProvider create(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        return AnthropicBatchProvider.create(transport, config, batchConfig);
    }
}
