package io.llmbatch4j.providers.batch.openai.internal;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchItemResult.Outcome;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.UsageInfo;
import io.llmbatch4j.providers.batch.internal.BatchSupport;
import io.llmbatch4j.providers.batch.internal.PayloadFormat;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.providers.openai.internal.OpenAiWire;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI batch JSON: input lines out, batch objects and result lines in (providers.md §2.2, §2.4, §2.6). */
final class OpenAiBatchLines {

    private final OpenAiWire wire;
    private final BatchProviderConfig batchConfig;
    private final Clock clock;

    OpenAiBatchLines(OpenAiWire wire, BatchProviderConfig batchConfig, Clock clock) {
        this.wire = wire;
        this.batchConfig = batchConfig;
        this.clock = clock;
    }

    /** JSONL: one {@code {custom_id, method, url, body}} line per request, body as the realtime client builds it. */
    PayloadFormat format(ProviderConfig config, String model) {
        return PayloadFormat.of("", "\n", "\n", r -> {
            ChatRequest request = r.request();
            if (!request.model().equals(model)) {
                throw new IllegalArgumentException("request for model " + request.model() + " in a batch of " + model);
            }
            ObjectNode line = Json.object().put("custom_id", r.customId()).put("method", "POST")
                    .put("url", OpenAiWire.CHAT_PATH);
            line.set("body", wire.adaptedBody(request, config));
            return Json.bytes(line);
        });
    }

    BatchSnapshot snapshot(JsonNode b) {
        String word = String.valueOf(Json.text(b, "status"));
        JsonNode counts = b.path("request_counts");
        JsonNode usage = b.path("usage");
        long in = Json.count(usage, "input_tokens");
        long out = Json.count(usage, "output_tokens");
        UsageInfo tokens = new UsageInfo(in, out, Math.max(Json.count(usage, "total_tokens"), in + out),
                Json.count(usage.path("input_tokens_details"), "cached_tokens"));
        List<String> errors = new ArrayList<>();
        boolean queueFull = false;
        for (JsonNode e : b.path("errors").path("data")) {
            String code = Json.text(e, "code");
            queueFull |= "token_limit_exceeded".equals(code);
            errors.add(code + (e.hasNonNull("line") ? " (line " + e.get("line").asInt() + ")" : "") + ": "
                    + Json.text(e, "message"));
        }
        return new BatchSnapshot(String.valueOf(Json.text(b, "id")),
                batchConfig.statusMapping().normalise(batchConfig.statusSection(), word), word,
                Json.count(counts, "total"), Json.count(counts, "completed"), Json.count(counts, "failed"), tokens,
                errors.isEmpty() ? null : String.join("; ", errors), queueFull && errors.size() == 1, Json.MAPPER
                        .writeValueAsString(b));
    }

    /** One output or error file line; success is {@code error == null && response.status_code == 200}. */
    BatchItemResult item(String raw) {
        JsonNode line = Json.MAPPER.readTree(raw);
        String customId = String.valueOf(Json.text(line, "custom_id"));
        JsonNode error = line.get("error");
        JsonNode response = line.get("response");
        if (error != null && !error.isNull()) {
            String code = Json.text(error, "code");
            String message = batchConfig.name() + " batch item " + code + ": " + Json.text(error, "message");
            return new BatchItemResult(customId, "batch_expired".equals(code) ? Outcome.EXPIRED : Outcome.ERRORED, null,
                    new TransientProviderException(message), raw);
        }
        int status = response == null ? 0 : response.path("status_code").asInt(0);
        try {
            ChatResponse answer = wire.response(BatchSupport.reply(status, response == null ? Json.object()
                    : response.path("body"), clock));
            return new BatchItemResult(customId, Outcome.SUCCEEDED, answer, null, raw);
        } catch (LLMException e) {
            return new BatchItemResult(customId, Outcome.ERRORED, null, e, raw);
        }
    }
}
