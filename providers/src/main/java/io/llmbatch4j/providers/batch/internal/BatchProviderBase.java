package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchMode;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchRequest;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.providers.internal.ChatWire;
import io.llmbatch4j.providers.internal.JsonExchange;
import io.llmbatch4j.providers.internal.WireFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * What every provider's batch implementation shares: the configs, the authenticated exchange, the
 * realtime wire (so batch lines carry realtime bodies and results parse as realtime answers), the
 * name, catalog-driven model support and the chunked payload writing. Subclasses say how a line
 * looks ({@link #format}) and speak their provider's batch endpoints.
 */
public abstract class BatchProviderBase<W extends ChatWire> implements BatchProvider {

    protected final ProviderConfig config;
    protected final BatchProviderConfig batchConfig;
    protected final JsonExchange exchange;
    protected final W wire;

    protected BatchProviderBase(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig,
            Function<ProviderConfig, Consumer<HttpHeaders>> auth, WireFactory<W> wires) {
        this.config = Objects.requireNonNull(config, "config");
        this.batchConfig = Objects.requireNonNull(batchConfig, "batchConfig");
        this.exchange = new JsonExchange(Objects.requireNonNull(transport, "transport"), config, auth.apply(config));
        this.wire = wires.create(batchConfig.name(), exchange.redactor(), config.clock());
    }

    /**
     * How one request becomes part of a payload for {@code model}.
     *
     * @param model the batch's model
     * @return the format
     */
    protected abstract PayloadFormat format(String model);

    /**
     * The name the catalog knows {@code model} by (Gemini drops {@code models/}).
     *
     * @param model the model's name
     * @return the catalog's name for it
     */
    protected String catalogModel(String model) {
        return model;
    }

    @Override
    public String name() {
        return batchConfig.name();
    }

    @Override
    public BatchProviderConfig config() {
        return batchConfig;
    }

    @Override
    public boolean supportsModel(String model) {
        return BatchSupport.inCatalog(config.catalog(), config.provider(), catalogModel(model));
    }

    @Override
    public Flux<PreparedBatch> preparePayloads(String model, BatchMode mode, Flux<BatchRequest> requests) {
        return Flux.defer(() -> {
            BatchSupport.requireChat(name(), mode);
            return PayloadWriter.write(name(), model, mode, requests, format(model), batchConfig);
        });
    }
}
