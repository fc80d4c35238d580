package io.llmbatch4j.providers.batch.anthropic.internal;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.internal.AnthropicWire;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchItemResult.Outcome;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.BatchStatus;
import io.llmbatch4j.providers.batch.UsageInfo;
import io.llmbatch4j.providers.batch.internal.BatchSupport;
import io.llmbatch4j.providers.batch.internal.PayloadFormat;
import io.llmbatch4j.providers.internal.Json;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic batch JSON: the create envelope out, batch objects and result lines in (providers.md §4). */
final class AnthropicBatchLines {

    /** The HTTP status each error type comes with in the realtime API (§3.5), for the shared error mapping. */
    private static final Map<String, Integer> STATUS_OF_TYPE = Map.of("invalid_request_error", 400,
            "authentication_error", 401, "billing_error", 402, "permission_error", 403, "not_found_error", 404,
            "request_too_large", 413, "rate_limit_error", 429, "api_error", 500, "timeout_error", 504,
            "overloaded_error", 529);

    private final AnthropicWire wire;
    private final BatchProviderConfig batchConfig;
    private final Clock clock;

    AnthropicBatchLines(AnthropicWire wire, BatchProviderConfig batchConfig, Clock clock) {
        this.wire = wire;
        this.batchConfig = batchConfig;
        this.clock = clock;
    }

    /** {@code {"requests":[{custom_id, params}, ...]}}, params as the realtime client builds them. */
    PayloadFormat format(ProviderConfig config, String model) {
        return PayloadFormat.of("{\"requests\":[", ",", "]}", r -> {
            if (!BatchSupport.CUSTOM_ID.matcher(r.customId()).matches()) {
                throw new IllegalArgumentException("custom_id must match " + BatchSupport.CUSTOM_ID.pattern()
                        + " (was '" + r.customId() + "')");
            }
            ChatRequest request = r.request();
            ObjectNode item = Json.object().put("custom_id", r.customId());
            item.set("params", wire.adaptedBody(request, config));
            return Json.bytes(item);
        });
    }

    BatchSnapshot snapshot(JsonNode b) {
        String word = String.valueOf(Json.text(b, "processing_status"));
        JsonNode c = b.path("request_counts");
        long succeeded = Json.count(c, "succeeded");
        long expired = Json.count(c, "expired");
        long failed = Json.count(c, "errored") + Json.count(c, "canceled") + expired;
        long total = succeeded + failed + Json.count(c, "processing");
        BatchStatus status = batchConfig.statusMapping().normalise(batchConfig.statusSection(), word);
        if (status == BatchStatus.COMPLETED && b.hasNonNull("cancel_initiated_at")) {
            status = BatchStatus.CANCELLED;
        } else if (status == BatchStatus.COMPLETED && total > 0 && expired == total) {
            status = BatchStatus.EXPIRED;
        }
        return new BatchSnapshot(String.valueOf(Json.text(b, "id")), status, word, total, succeeded, failed,
                UsageInfo.ZERO, null, false, Json.MAPPER.writeValueAsString(b));
    }

    /** One results line: {@code succeeded} / {@code errored} / {@code canceled} / {@code expired}. */
    BatchItemResult item(String raw) {
        JsonNode line = Json.MAPPER.readTree(raw);
        String customId = String.valueOf(Json.text(line, "custom_id"));
        JsonNode result = line.path("result");
        String type = String.valueOf(Json.text(result, "type"));
        try {
            return switch (type) {
                case "succeeded" -> new BatchItemResult(customId, Outcome.SUCCEEDED,
                        wire.response(BatchSupport.reply(200, result.path("message"), clock)), null, raw);
                case "errored" -> new BatchItemResult(customId, Outcome.ERRORED, null, error(result.path("error")), raw);
                case "canceled" -> new BatchItemResult(customId, Outcome.CANCELLED, null, null, raw);
                case "expired" -> new BatchItemResult(customId, Outcome.EXPIRED, null, new TransientProviderException(
                        batchConfig.name() + " batch item expired before it ran"), raw);
                default -> new BatchItemResult(customId, Outcome.ERRORED, null, new TransientProviderException(
                        batchConfig.name() + " batch item has an unknown result type '" + type + "'"), raw);
            };
        } catch (LLMException e) {
            return new BatchItemResult(customId, Outcome.ERRORED, null, e, raw);
        }
    }

    /** The nested {@code {"type":"error","error":{type,message}}} form, or a flat {@code {type,message}}. */
    private LLMException error(JsonNode error) {
        JsonNode inner = error.has("error") ? error.get("error") : error;
        ObjectNode body = Json.object().put("type", "error");
        body.set("error", inner.deepCopy());
        int status = STATUS_OF_TYPE.getOrDefault(String.valueOf(Json.text(inner, "type")), 500);
        try {
            wire.requireSuccess(BatchSupport.reply(status, body, clock));
            return new TransientProviderException(batchConfig.name() + " batch item errored without an error");
        } catch (LLMException e) {
            return e;
        }
    }
}
