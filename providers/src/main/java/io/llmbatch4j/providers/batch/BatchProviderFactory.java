package io.llmbatch4j.providers.batch;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;

/**
 * Creates a {@link BatchProvider}; the unit a {@link BatchProviderRegistry} holds. Implementations
 * listed in {@code META-INF/services/io.llmbatch4j.providers.batch.BatchProviderFactory} are found
 * by {@link java.util.ServiceLoader} and need a public no-argument constructor.
 */
public interface BatchProviderFactory {

    /** {@return the provider's name, as {@link BatchProvider#name()} will report it} */
    String name();

    /** {@return the configuration {@link #create(HttpTransport, ProviderConfig)} uses} */
    BatchProviderConfig defaults();

    /**
     * A provider over {@code transport} with {@code config} (base URL, key, catalog) and {@code batchConfig}.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @param batchConfig limits, prefix and status mapping
     * @return the provider
     */
    BatchProvider create(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig);

    /**
     * A provider with {@link #defaults()}.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @return the provider
     */
    default BatchProvider create(HttpTransport transport, ProviderConfig config) {
        return create(transport, config, defaults());
    }
}
