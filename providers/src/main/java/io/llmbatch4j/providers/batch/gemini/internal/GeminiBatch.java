package io.llmbatch4j.providers.batch.gemini.internal;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchHandle;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.providers.batch.internal.BatchProviderBase;
import io.llmbatch4j.providers.batch.internal.PayloadFormat;
import io.llmbatch4j.providers.batch.internal.ResultLines;
import io.llmbatch4j.providers.gemini.internal.GeminiWire;
import io.llmbatch4j.providers.internal.Json;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import tools.jackson.databind.JsonNode;

/** The GeminiBatchProvider behind {@link io.llmbatch4j.providers.batch.gemini.GeminiBatchProvider}. */
public final class GeminiBatch extends BatchProviderBase<GeminiWire> {

    private final GeminiBatchLines lines;

    /**
     * A provider over {@code transport}; {@code config} gives base URL, key and model catalog.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @param batchConfig limits, prefix and status mapping
     */
    public GeminiBatch(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        super(transport, config, batchConfig, GeminiWire::auth, GeminiWire::new);
        this.lines = new GeminiBatchLines(wire, batchConfig, config.clock());
    }

    @Override
    protected PayloadFormat format(String model) {
        return lines.format(config, model);
    }

    @Override
    protected String catalogModel(String model) {
        return GeminiWire.bareModel(model);
    }

    @Override
    public Mono<BatchHandle> submit(PreparedBatch batch) {
        String path = GeminiWire.API + "/models/" + GeminiWire.bareModel(batch.model()) + ":batchGenerateContent";
        return Mono.defer(() -> exchange.sendStream(HttpMethod.POST, path, "application/json", batch.bytes(),
                        ByteBufFlux.fromPath(batch.payload())))
                .map(reply -> new BatchHandle(name(), Json.text(wire.requireSuccess(reply), "name"), batch.model(),
                        batch.requestCount(), reply.receivedAt()));
    }

    @Override
    public Mono<BatchSnapshot> pollStatus(BatchHandle batch) {
        return Mono.defer(() -> exchange.send(HttpMethod.GET, GeminiWire.API + "/" + batch.batchId(), null))
                .map(reply -> lines.snapshot(wire.requireSuccess(reply)));
    }

    @Override
    public Flux<BatchItemResult> fetchResults(BatchHandle batch, BatchSnapshot terminal) {
        return Flux.defer(() -> {
            JsonNode operation = Json.MAPPER.readTree(terminal.raw());
            JsonNode response = operation.has("response") ? operation.path("response")
                    : operation.path("metadata").path("output");
            String file = Json.text(response, "responsesFile");
            if (file == null) {
                return Flux.fromIterable(response.path("inlinedResponses").path("inlinedResponses"))
                        .index((i, r) -> lines.inline(i, r));
            }
            return ResultLines.download(batchConfig.tempDirectory(), name(),
                            path -> exchange.download("/download" + GeminiWire.API + "/" + file + ":download?alt=media",
                                    path),
                            reply -> {
                                if (!reply.isSuccess()) {
                                    wire.requireSuccess(reply);
                                }
                            })
                    .index((i, line) -> lines.fileLine(i, line));
        });
    }

    @Override
    public Mono<BatchSnapshot> cancel(BatchHandle batch) {
        return Mono.defer(() -> exchange.send(HttpMethod.POST, GeminiWire.API + "/" + batch.batchId() + ":cancel", null))
                .map(wire::requireSuccess)
                .then(pollStatus(batch));
    }

    @Override
    public String toString() {
        return "GeminiBatchProvider[" + batchConfig + ", " + config + "]";
    }
}
