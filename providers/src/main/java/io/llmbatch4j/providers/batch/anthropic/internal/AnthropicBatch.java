package io.llmbatch4j.providers.batch.anthropic.internal;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.internal.AnthropicWire;
import io.llmbatch4j.providers.batch.BatchHandle;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.providers.batch.internal.BatchProviderBase;
import io.llmbatch4j.providers.batch.internal.PayloadFormat;
import io.llmbatch4j.providers.batch.internal.ResultLines;
import io.llmbatch4j.providers.internal.Json;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/** The AnthropicBatchProvider behind {@link io.llmbatch4j.providers.batch.anthropic.AnthropicBatchProvider}. */
public final class AnthropicBatch extends BatchProviderBase<AnthropicWire> {

    private static final String BATCHES = "/v1/messages/batches";

    private final AnthropicBatchLines lines;

    /**
     * A provider over {@code transport}; {@code config} gives base URL, key and model catalog.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @param batchConfig limits, prefix and status mapping
     */
    public AnthropicBatch(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        super(transport, config, batchConfig, AnthropicWire::auth, AnthropicWire::new);
        this.lines = new AnthropicBatchLines(wire, batchConfig, config.clock());
    }

    @Override
    protected PayloadFormat format(String model) {
        return lines.format(config, model);
    }

    @Override
    public Mono<BatchHandle> submit(PreparedBatch batch) {
        return Mono.defer(() -> exchange.sendStream(HttpMethod.POST, BATCHES, "application/json", batch.bytes(),
                        ByteBufFlux.fromPath(batch.payload())))
                .map(reply -> new BatchHandle(name(), Json.text(wire.requireSuccess(reply), "id"), batch.model(),
                        batch.requestCount(), reply.receivedAt()));
    }

    @Override
    public Mono<BatchSnapshot> pollStatus(BatchHandle batch) {
        return Mono.defer(() -> exchange.send(HttpMethod.GET, BATCHES + "/" + batch.batchId(), null))
                .map(reply -> lines.snapshot(wire.requireSuccess(reply)));
    }

    @Override
    public Flux<BatchItemResult> fetchResults(BatchHandle batch, BatchSnapshot terminal) {
        return ResultLines.download(batchConfig.tempDirectory(), name(),
                        path -> exchange.download(BATCHES + "/" + batch.batchId() + "/results", path),
                        reply -> {
                            if (!reply.isSuccess()) {
                                wire.requireSuccess(reply);
                            }
                        })
                .map(lines::item);
    }

    @Override
    public Mono<BatchSnapshot> cancel(BatchHandle batch) {
        return Mono.defer(() -> exchange.send(HttpMethod.POST, BATCHES + "/" + batch.batchId() + "/cancel", null))
                .map(reply -> lines.snapshot(wire.requireSuccess(reply)));
    }

    @Override
    public String toString() {
        return "AnthropicBatchProvider[" + batchConfig + ", " + config + "]";
    }
}
