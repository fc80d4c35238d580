package io.llmbatch4j.providers.batch.anthropic;

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
public final class AnthropicBatchProvider extends BatchProviderBase<AnthropicWire> {

    static final String BATCHES = "/v1/messages/batches";

    private final AnthropicBatchLines lines;

    private AnthropicBatchProvider(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        super(transport, config, batchConfig, AnthropicWire::auth, AnthropicWire::new);
        this.lines = new AnthropicBatchLines(wire, batchConfig, config.clock());
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
        return new AnthropicBatchProvider(transport, config, batchConfig);
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
