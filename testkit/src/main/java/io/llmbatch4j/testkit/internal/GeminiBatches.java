package io.llmbatch4j.testkit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini Batch Mode: {@code POST /v1beta/models/{model}:batchGenerateContent} (inline requests or a
 * JSONL file from {@link GeminiFiles}) returns an Operation; {@code GET /v1beta/batches/{id}} moves it
 * one state per poll, {@code BATCH_STATE_PENDING → RUNNING → SUCCEEDED} ({@code done: true} with
 * {@code inlinedResponses} or a {@code responsesFile}, in input order, keys echoed);
 * {@code :cancel} → {@code BATCH_STATE_CANCELLED}; {@code DELETE} removes it; list with
 * {@code pageSize}/{@code pageToken}. Counters are int64 strings. Each request runs like
 * generateContent without quota or faults.
 */
public final class GeminiBatches {

    private static final String TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch";
    private static final String OUTPUT_TYPE =
            "type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput";

    private static final class Batch {
        final ObjectNode op;
        final String model;
        final List<JsonNode> requests;
        final List<String> keys;
        final boolean fromFile;

        Batch(ObjectNode op, String model, List<JsonNode> requests, List<String> keys, boolean fromFile) {
            this.op = op;
            this.model = model;
            this.requests = requests;
            this.keys = keys;
            this.fromFile = fromFile;
        }

        ObjectNode meta() {
            return (ObjectNode) op.get("metadata");
        }
    }

    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());

    Reply create(Exchange ex, String model, GeminiFiles files) {
        JsonNode batch = Json.child(ex.json, "batch");
        JsonNode input = Json.child(batch, "inputConfig");
        if (input == null) {
            return GeminiEndpoint.error(400, "* BatchGenerateContentRequest.batch.input_config: input_config is "
                    + "required\n", "INVALID_ARGUMENT");
        }
        List<JsonNode> requests = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String fileName = Json.text(input, "fileName");
        if (fileName != null) {
            GeminiFiles.StoredFile f = files.get(fileName);
            if (f == null) {
                return GeminiEndpoint.error(404, "File " + fileName + " not found.", "NOT_FOUND");
            }
            for (String line : f.content().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode l = Json.parseOrNull(line);
                requests.add(Json.child(l, "request"));
                keys.add(Json.text(l, "key"));
            }
        } else {
            JsonNode inline = Json.child(Json.child(input, "requests"), "requests");
            if (inline == null || !inline.isArray()) {
                return GeminiEndpoint.error(400, "* BatchGenerateContentRequest.batch.input_config: give requests or "
                        + "file_name\n", "INVALID_ARGUMENT");
            }
            for (JsonNode r : inline) {
                requests.add(Json.child(r, "request"));
                keys.add(Json.text(Json.child(r, "metadata"), "key"));
            }
        }
        if (requests.isEmpty()) {
            return GeminiEndpoint.error(400, "The batch has no requests.", "INVALID_ARGUMENT");
        }
        String name = "batches/" + ex.newId("").substring(0, 16);
        ObjectNode op = Json.object().put("name", name);
        ObjectNode meta = op.putObject("metadata").put("@type", TYPE).put("name", name).put("model", "models/" + model);
        String displayName = Json.text(batch, "displayName");
        if (displayName != null) {
            meta.put("displayName", displayName);
        }
        meta.put("createTime", ex.now.toString()).put("updateTime", ex.now.toString());
        meta.put("state", "BATCH_STATE_PENDING");
        meta.putObject("batchStats").put("requestCount", String.valueOf(requests.size()))
                .put("pendingRequestCount", String.valueOf(requests.size()));
        batches.put(name, new Batch(op, model, requests, keys, fileName != null));
        order.add(name);
        return Reply.json(200, Json.write(op));
    }

    /** {@code /v1beta/batches...}. */
    Reply route(Exchange ex, GeminiFiles files) {
        String rest = ex.path.substring("/v1beta/".length());
        if (rest.equals("batches")) {
            return "GET".equals(ex.method) ? list(ex) : notFound();
        }
        boolean cancel = rest.endsWith(":cancel");
        String name = cancel ? rest.substring(0, rest.length() - ":cancel".length()) : rest;
        Batch b = batches.get(name);
        if (b == null) {
            return GeminiEndpoint.error(404, "Batch " + name + " not found.", "NOT_FOUND");
        }
        synchronized (b) {
            if (cancel && "POST".equals(ex.method)) {
                String state = b.meta().get("state").asString();
                if (state.equals("BATCH_STATE_PENDING") || state.equals("BATCH_STATE_RUNNING")) {
                    b.meta().put("state", "BATCH_STATE_CANCELLED").put("endTime", ex.now.toString())
                            .put("updateTime", ex.now.toString());
                    b.op.put("done", true);
                }
                return Reply.json(200, "{}");
            }
            if ("DELETE".equals(ex.method)) {
                batches.remove(name);
                order.remove(name);
                return Reply.json(200, "{}");
            }
            if ("GET".equals(ex.method)) {
                return Reply.json(200, Json.write(advance(ex, b, files)));
            }
        }
        return notFound();
    }

    private ObjectNode advance(Exchange ex, Batch b, GeminiFiles files) {
        String state = b.meta().get("state").asString();
        if (state.equals("BATCH_STATE_PENDING")) {
            b.meta().put("state", "BATCH_STATE_RUNNING").put("updateTime", ex.now.toString());
        } else if (state.equals("BATCH_STATE_RUNNING") && ex.config.batchExpiredShare() > 0) {
            b.meta().put("state", "BATCH_STATE_EXPIRED").put("endTime", ex.now.toString())
                    .put("updateTime", ex.now.toString());
            b.op.put("done", true);
        } else if (state.equals("BATCH_STATE_RUNNING")) {
            run(ex, b, files);
        }
        return b.op;
    }

    private void run(Exchange ex, Batch b, GeminiFiles files) {
        ArrayNode inlined = Json.array();
        List<String> lines = new ArrayList<>();
        int ok = 0;
        for (int k = 0; k < b.requests.size(); k++) {
            JsonNode req = b.requests.get(k);
            Reply r = req == null ? GeminiEndpoint.error(400, "The request is missing.", "INVALID_ARGUMENT")
                    : GeminiEndpoint.generate(ex.batchItem(GeminiEndpoint.MODELS + b.model + ":generateContent",
                            Json.write(req)));
            JsonNode body = Json.parseOrNull(r.body());
            ObjectNode item = Json.object();
            if (r.status() == 200) {
                item.set("response", body);
                ok++;
            } else {
                item.set("error", Json.child(body, "error"));
            }
            String key = b.keys.get(k);
            if (b.fromFile) {
                ObjectNode line = Json.object();
                if (key != null) {
                    line.put("key", key);
                }
                line.setAll(item);
                lines.add(Json.write(line));
            } else {
                if (key != null) {
                    item.putObject("metadata").put("key", key);
                }
                inlined.add(item);
            }
        }
        ObjectNode response = Json.object().put("@type", OUTPUT_TYPE);
        if (b.fromFile) {
            GeminiFiles.StoredFile out = files.store(ex, "batch-output", "application/jsonl", String.join("\n", lines) + "\n");
            response.put("responsesFile", out.name());
        } else {
            response.putObject("inlinedResponses").set("inlinedResponses", inlined);
        }
        int n = b.requests.size();
        b.meta().put("state", "BATCH_STATE_SUCCEEDED").put("endTime", ex.now.toString()).put("updateTime", ex.now.toString());
        b.meta().putObject("batchStats").put("requestCount", String.valueOf(n))
                .put("successfulRequestCount", String.valueOf(ok)).put("failedRequestCount", String.valueOf(n - ok))
                .put("pendingRequestCount", "0");
        b.meta().set("output", response.deepCopy());
        b.op.put("done", true);
        b.op.set("response", response);
    }

    private Reply list(Exchange ex) {
        int size;
        try {
            size = Math.max(1, Math.min(1000, Integer.parseInt(ex.query.getOrDefault("pageSize", "50"))));
        } catch (NumberFormatException e) {
            return GeminiEndpoint.error(400, "Invalid pageSize.", "INVALID_ARGUMENT");
        }
        List<String> names;
        synchronized (order) {
            names = new ArrayList<>(order);
        }
        int start = 0;
        try {
            start = Integer.parseInt(ex.query.getOrDefault("pageToken", "0"));
        } catch (NumberFormatException e) {
            return GeminiEndpoint.error(400, "Invalid pageToken.", "INVALID_ARGUMENT");
        }
        ArrayNode ops = Json.array();
        for (int k = start; k < names.size() && ops.size() < size; k++) {
            ops.add(batches.get(names.get(k)).op);
        }
        ObjectNode out = Json.object();
        if (!ops.isEmpty()) {
            out.set("operations", ops);
        }
        if (start + ops.size() < names.size()) {
            out.put("nextPageToken", String.valueOf(start + ops.size()));
        }
        return Reply.json(200, Json.write(out));
    }

    private static Reply notFound() {
        return GeminiEndpoint.error(404, "Method not found.", "NOT_FOUND");
    }
}
