package io.llmbatch4j.providers.batch.gemini.internal;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchItemResult.Outcome;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.UsageInfo;
import io.llmbatch4j.providers.batch.internal.BatchSupport;
import io.llmbatch4j.providers.batch.internal.PayloadFormat;
import io.llmbatch4j.providers.gemini.internal.GeminiWire;
import io.llmbatch4j.providers.internal.Json;
import java.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Gemini batch JSON: the inline create body out, operations and inlined responses in (providers.md §5.4). */
final class GeminiBatchLines {

    private final GeminiWire wire;
    private final BatchProviderConfig batchConfig;
    private final Clock clock;

    GeminiBatchLines(GeminiWire wire, BatchProviderConfig batchConfig, Clock clock) {
        this.wire = wire;
        this.batchConfig = batchConfig;
        this.clock = clock;
    }

    /** {@code {"batch":{displayName, inputConfig:{requests:{requests:[{request, metadata{key}}, ...]}}}}}. */
    PayloadFormat format(ProviderConfig config, String model) {
        String bare = GeminiWire.bareModel(model);
        ObjectNode name = Json.object().put("displayName", "llmbatch4j " + bare);
        String displayName = Json.MAPPER.writeValueAsString(name);
        String prefix = "{\"batch\":" + displayName.substring(0, displayName.length() - 1)
                + ",\"inputConfig\":{\"requests\":{\"requests\":[";
        return PayloadFormat.of(prefix, ",", "]}}}}", r -> {
            ChatRequest request = r.request();
            ObjectNode item = Json.object();
            item.set("request", wire.adaptedBody(request, config));
            item.putObject("metadata").put("key", r.customId());
            return Json.bytes(item);
        });
    }

    BatchSnapshot snapshot(JsonNode operation) {
        JsonNode meta = operation.path("metadata");
        String word = String.valueOf(Json.text(meta, "state"));
        JsonNode stats = meta.path("batchStats");
        JsonNode error = operation.path("error");
        String message = error.isObject() ? Json.text(error, "status") + ": " + Json.text(error, "message") : null;
        return new BatchSnapshot(String.valueOf(Json.text(operation, "name")),
                batchConfig.statusMapping().normalise(batchConfig.statusSection(), word), word,
                Json.count(stats, "requestCount"), Json.count(stats, "successfulRequestCount"),
                Json.count(stats, "failedRequestCount"), UsageInfo.ZERO, message, false,
                Json.MAPPER.writeValueAsString(operation));
    }

    /** One inlined response: {@code {response | error, metadata{key}}}; without a key, its position. */
    BatchItemResult inline(long index, JsonNode r) {
        String key = Json.text(r.path("metadata"), "key");
        return result(key != null ? key : "#" + index, r, Json.MAPPER.writeValueAsString(r));
    }

    /** One responses-file line: {@code {key, response | error}}; without a key, its position. */
    BatchItemResult fileLine(long index, String raw) {
        JsonNode r = Json.MAPPER.readTree(raw);
        String key = Json.text(r, "key");
        return result(key != null ? key : "#" + index, r, raw);
    }

    private BatchItemResult result(String customId, JsonNode r, String raw) {
        try {
            if (r.has("response")) {
                return new BatchItemResult(customId, Outcome.SUCCEEDED,
                        wire.response(BatchSupport.reply(200, r.path("response"), clock)), null, raw);
            }
            JsonNode error = r.path("error");
            ObjectNode body = Json.object();
            body.set("error", error.deepCopy());
            wire.requireSuccess(BatchSupport.reply(error.path("code").asInt(500), body, clock));
            return new BatchItemResult(customId, Outcome.ERRORED, null,
                    new TransientProviderException(batchConfig.name() + " batch item has neither response nor error"),
                    raw);
        } catch (LLMException e) {
            return new BatchItemResult(customId, Outcome.ERRORED, null, e, raw);
        }
    }
}
