package io.llmbatch4j.providers.batch.openai.internal;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchHandle;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.providers.batch.internal.BatchProviderBase;
import io.llmbatch4j.providers.batch.internal.BatchSupport;
import io.llmbatch4j.providers.batch.internal.PayloadFormat;
import io.llmbatch4j.providers.batch.internal.ResultLines;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.providers.openai.internal.OpenAiWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAiBatchProvider behind {@link io.llmbatch4j.providers.batch.openai.OpenAiBatchProvider}. */
public final class OpenAiBatch extends BatchProviderBase<OpenAiWire> {

    private final OpenAiBatchLines lines;

    /**
     * A provider over {@code transport}; {@code config} gives base URL, key and model catalog.
     *
     * @param transport the connection pool
     * @param config base URL, key and catalog
     * @param batchConfig limits, prefix and status mapping
     */
    public OpenAiBatch(HttpTransport transport, ProviderConfig config, BatchProviderConfig batchConfig) {
        super(transport, config, batchConfig, OpenAiWire::auth, OpenAiWire::new);
        this.lines = new OpenAiBatchLines(wire, batchConfig, config.clock());
    }

    @Override
    protected PayloadFormat format(String model) {
        return lines.format(config, model);
    }

    @Override
    public Mono<BatchHandle> submit(PreparedBatch batch) {
        return upload(batch).flatMap(fileId -> {
            ObjectNode body = Json.object().put("input_file_id", fileId).put("endpoint", OpenAiWire.CHAT_PATH)
                    .put("completion_window", batchConfig.completionWindow());
            body.putObject("metadata").put("llmbatch4j_model", batch.model());
            return exchange.send(HttpMethod.POST, batchConfig.apiPrefix() + "/batches", Json.bytes(body));
        }).map(reply -> {
            JsonNode created = wire.requireSuccess(reply);
            return new BatchHandle(name(), Json.text(created, "id"), batch.model(), batch.requestCount(),
                    reply.receivedAt());
        });
    }

    private Mono<String> upload(PreparedBatch batch) {
        return Mono.defer(() -> {
            String boundary = "llmbatch4j-" + UUID.randomUUID();
            byte[] head = BatchSupport.utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n"
                    + "batch\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                    + "filename=\"batchinput.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n");
            byte[] tail = BatchSupport.utf8("\r\n--" + boundary + "--\r\n");
            Flux<ByteBuf> body = Flux.concat(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(head)),
                    ByteBufFlux.fromPath(batch.payload()), Mono.fromSupplier(() -> Unpooled.wrappedBuffer(tail)));
            return exchange.sendStream(HttpMethod.POST, batchConfig.apiPrefix() + "/files",
                            "multipart/form-data; boundary=" + boundary, head.length + batch.bytes() + tail.length, body)
                    .map(reply -> Json.text(wire.requireSuccess(reply), "id"));
        });
    }

    @Override
    public Mono<BatchSnapshot> pollStatus(BatchHandle batch) {
        return Mono.defer(() -> exchange.send(HttpMethod.GET, batchPath(batch), null))
                .map(reply -> lines.snapshot(wire.requireSuccess(reply)));
    }

    @Override
    public Flux<BatchItemResult> fetchResults(BatchHandle batch, BatchSnapshot terminal) {
        return Flux.defer(() -> {
            JsonNode object = Json.MAPPER.readTree(terminal.raw());
            return Flux.concat(file(Json.text(object, "output_file_id")), file(Json.text(object, "error_file_id")))
                    .map(lines::item);
        });
    }

    private Flux<String> file(String fileId) {
        if (fileId == null) {
            return Flux.empty();
        }
        return ResultLines.download(batchConfig.tempDirectory(), name(),
                path -> exchange.download(batchConfig.apiPrefix() + "/files/" + fileId + "/content", path),
                reply -> {
                    if (!reply.isSuccess()) {
                        wire.requireSuccess(reply);
                    }
                });
    }

    @Override
    public Mono<BatchSnapshot> cancel(BatchHandle batch) {
        return Mono.defer(() -> exchange.send(HttpMethod.POST, batchPath(batch) + "/cancel", null))
                .map(reply -> lines.snapshot(wire.requireSuccess(reply)));
    }

    private String batchPath(BatchHandle batch) {
        return batchConfig.apiPrefix() + "/batches/" + batch.batchId();
    }

    @Override
    public String toString() {
        return "OpenAiBatchProvider[" + batchConfig + ", " + config + "]";
    }
}
