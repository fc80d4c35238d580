package io.llmbatch4j.providers.batch.openai;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderFactory;

/**
 * Factories for the OpenAI family: {@code openai} ({@link BatchProviderConfig#openAi()}),
 * {@code groq} ({@link Groq}) and {@code kluster} ({@link Kluster}); the base URL and key come
 * from the {@link ProviderConfig} (e.g. {@code https://api.groq.com} with the Groq key).
 */
public class OpenAiBatchProviderFactory implements BatchProviderFactory {

    private final BatchProviderConfig defaults;

    /**
     * The {@code openai} factory ({@link BatchProviderConfig#openAi()}); found by {@link
     * java.util.ServiceLoader}.
     */
    public OpenAiBatchProviderFactory() {
        this(BatchProviderConfig.openAi().build());
    }

    /**
     * A factory of this family with other defaults.
     *
     * @param defaults the preset
     */
    protected OpenAiBatchProviderFactory(BatchProviderConfig defaults) {
        this.defaults = defaults;
    }

    @Override
    public String name() {
        return defaults.name();
    }

    @Override
    public BatchProviderConfig defaults() {
        return defaults;
    }

    @Override
    public BatchProvider create(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        return OpenAiBatchProvider.create(transport, config, batchConfig);
    }

    /** Groq's batch API ({@code /openai/v1}, window 24h–7d, 100 MB files). */
    public static final class Groq extends OpenAiBatchProviderFactory {
        /** The {@code groq} factory ({@link BatchProviderConfig#groq()}). */
        public Groq() {
            super(BatchProviderConfig.groq().build());
        }
    }

    /** kluster.ai's batch API ({@code /v1}; availability unverified since 2025-08, providers.md §2.8). */
    public static final class Kluster extends OpenAiBatchProviderFactory {
        /** The {@code kluster} factory ({@link BatchProviderConfig#klusterAi()}). */
        public Kluster() {
            super(BatchProviderConfig.klusterAi().build());
        }
    }
}
