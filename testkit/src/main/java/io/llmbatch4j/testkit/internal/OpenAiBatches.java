package io.llmbatch4j.testkit.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI Batch API: {@code POST /v1/batches}, {@code GET /v1/batches[/{id}]},
 * {@code POST /v1/batches/{id}/cancel}. A batch moves one state per {@code GET} of it:
 * {@code validating → in_progress → finalizing → completed}, or {@code validating → failed} when the
 * input file has bad lines ({@code invalid_json_line}, {@code missing_custom_id},
 * {@code duplicate_custom_id}, {@code url_mismatch}, {@code model_mismatch}, {@code empty_file},
 * {@code too_many_tasks}), or {@code cancelling → cancelled} after a cancel (the first half of the
 * requests answered when it was in progress). Each request runs like a synchronous call but without
 * quota or faults; output and error files hold {@code {id, custom_id, response{status_code,
 * request_id, body}, error}} lines in shuffled order.
 */
public final class OpenAiBatches {

    private static final int MAX_REQUESTS = 50_000;

    private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());

    Reply route(Exchange ex, OpenAiFiles files) {
        String rest = ex.path.substring("/v1/batches".length());
        if (rest.isEmpty()) {
            return switch (ex.method) {
                case "POST" -> create(ex, files);
                case "GET" -> list(ex);
                default -> notFound(ex);
            };
        }
        boolean cancel = rest.endsWith("/cancel");
        String id = rest.substring(1, cancel ? rest.length() - "/cancel".length() : rest.length());
        ObjectNode batch = batches.get(id);
        if (id.contains("/") || !(cancel ? "POST" : "GET").equals(ex.method)) {
            return notFound(ex);
        }
        if (batch == null) {
            return OpenAiEndpoint.error(404, "No batch found with id '" + id + "'.", "invalid_request_error", "batch_id",
                    null);
        }
        synchronized (batch) {
            return cancel ? cancel(ex, batch) : Reply.json(200, Json.write(advance(ex, batch, files)));
        }
    }

    private Reply create(Exchange ex, OpenAiFiles files) {
        JsonNode body = ex.json;
        if (body == null || !body.isObject()) {
            return OpenAiEndpoint.error(400, "We could not parse the JSON body of your request.", "invalid_request_error",
                    null, null);
        }
        for (String field : List.of("input_file_id", "endpoint", "completion_window")) {
            if (Json.text(body, field) == null) {
                return OpenAiEndpoint.error(400, "Missing required parameter: '" + field + "'.", "invalid_request_error",
                        field, "missing_required_parameter");
            }
        }
        if (!"24h".equals(Json.text(body, "completion_window"))) {
            return OpenAiEndpoint.error(400, "Invalid value for 'completion_window': expected '24h'.",
                    "invalid_request_error", "completion_window", "invalid_value");
        }
        String fileId = Json.text(body, "input_file_id");
        if (files.get(fileId) == null) {
            return OpenAiEndpoint.error(404, "No such File object: " + fileId, "invalid_request_error", "input_file_id",
                    null);
        }
        long now = ex.now.getEpochSecond();
        ObjectNode b = Json.object();
        b.put("id", ex.newId("batch_")).put("object", "batch").put("endpoint", Json.text(body, "endpoint"));
        b.putNull("model");
        b.putNull("errors");
        b.put("input_file_id", fileId).put("completion_window", "24h").put("status", "validating");
        b.putNull("output_file_id");
        b.putNull("error_file_id");
        b.put("created_at", now);
        for (String t : List.of("in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
                "cancelling_at", "cancelled_at")) {
            b.putNull(t);
        }
        b.put("expires_at", now + 24 * 3600);
        b.putObject("request_counts").put("total", 0).put("completed", 0).put("failed", 0);
        b.putNull("usage");
        JsonNode metadata = Json.child(body, "metadata");
        if (metadata == null) {
            b.putNull("metadata");
        } else {
            b.set("metadata", metadata.deepCopy());
        }
        batches.put(b.get("id").asString(), b);
        order.add(b.get("id").asString());
        return Reply.json(200, Json.write(b));
    }

    private Reply list(Exchange ex) {
        int limit = 20;
        try {
            limit = Math.max(1, Math.min(100, Integer.parseInt(ex.query.getOrDefault("limit", "20"))));
        } catch (NumberFormatException e) {
            return OpenAiEndpoint.error(400, "Invalid 'limit': expected an integer.", "invalid_request_error", "limit",
                    "invalid_type");
        }
        List<String> ids;
        synchronized (order) {
            ids = new ArrayList<>(order);
        }
        Collections.reverse(ids);
        String after = ex.query.get("after");
        int start = after == null ? 0 : ids.indexOf(after) + 1;
        ArrayNode data = Json.array();
        for (int k = start; k < ids.size() && data.size() < limit; k++) {
            data.add(batches.get(ids.get(k)));
        }
        ObjectNode out = Json.object().put("object", "list");
        out.set("data", data);
        out.put("first_id", data.isEmpty() ? null : data.get(0).get("id").asString());
        out.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id").asString());
        out.put("has_more", start + data.size() < ids.size());
        return Reply.json(200, Json.write(out));
    }

    private Reply cancel(Exchange ex, ObjectNode b) {
        String status = b.get("status").asString();
        if (!status.equals("validating") && !status.equals("in_progress")) {
            return OpenAiEndpoint.error(400, "Cannot cancel a batch with status '" + status + "'.",
                    "invalid_request_error", null, null);
        }
        b.put("status", "cancelling").put("cancelling_at", ex.now.getEpochSecond());
        return Reply.json(200, Json.write(b));
    }

    /** One step of the state machine. */
    private ObjectNode advance(Exchange ex, ObjectNode b, OpenAiFiles files) {
        long now = ex.now.getEpochSecond();
        switch (b.get("status").asString()) {
            case "validating" -> {
                List<ObjectNode> errors = validate(files.get(b.get("input_file_id").asString()), b);
                if (errors.isEmpty()) {
                    b.put("status", "in_progress").put("in_progress_at", now);
                } else {
                    ObjectNode e = b.putObject("errors").put("object", "list");
                    e.putArray("data").addAll(errors);
                    b.put("status", "failed").put("failed_at", now);
                }
            }
            case "in_progress" -> {
                if (ex.config.batchExpiredShare() > 0) {
                    run(ex, b, files, 1.0 - ex.config.batchExpiredShare());
                    b.put("status", "expired").put("expired_at", now);
                } else {
                    b.put("status", "finalizing").put("finalizing_at", now);
                }
            }
            case "finalizing" -> {
                run(ex, b, files, 1.0);
                b.put("status", "completed").put("completed_at", now);
            }
            case "cancelling" -> {
                run(ex, b, files, b.get("in_progress_at").isNull() ? 0.0 : 0.5);
                b.put("status", "cancelled").put("cancelled_at", now);
            }
            default -> { }
        }
        return b;
    }

    private static List<ObjectNode> validate(OpenAiFiles.StoredFile file, ObjectNode b) {
        List<ObjectNode> errors = new ArrayList<>();
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            errors.add(lineError("empty_file", "The input file is empty.", null));
            return errors;
        }
        if (lines.size() > MAX_REQUESTS) {
            errors.add(lineError("too_many_tasks", "The batch has " + lines.size() + " requests; the limit is "
                    + MAX_REQUESTS + ".", null));
            return errors;
        }
        Set<String> ids = new HashSet<>();
        String model = null;
        for (int k = 0; k < lines.size(); k++) {
            JsonNode line = Json.parseOrNull(lines.get(k));
            int no = k + 1;
            if (line == null || !line.isObject()) {
                errors.add(lineError("invalid_json_line", "This line is not parseable as valid JSON.", no));
                continue;
            }
            String id = Json.text(line, "custom_id");
            if (id == null) {
                errors.add(lineError("missing_custom_id", "The request is missing a custom_id.", no));
            } else if (!ids.add(id)) {
                errors.add(lineError("duplicate_custom_id", "The custom_id '" + id + "' is used more than once.", no));
            }
            if (!b.get("endpoint").asString().equals(Json.text(line, "url"))) {
                errors.add(lineError("url_mismatch", "The url does not match the batch endpoint "
                        + b.get("endpoint").asString() + ".", no));
            }
            String m = Json.text(Json.child(line, "body"), "model");
            if (model == null) {
                model = m;
            } else if (m != null && !m.equals(model)) {
                errors.add(lineError("model_mismatch", "All requests of a batch must use the same model (" + model
                        + ").", no));
            }
        }
        b.put("model", model);
        ((ObjectNode) b.get("request_counts")).put("total", lines.size());
        return errors;
    }

    private static void run(Exchange ex, ObjectNode b, OpenAiFiles files, double share) {
        List<String> lines = lines(files.get(b.get("input_file_id").asString()));
        int n = (int) Math.ceil(lines.size() * share - 1e-9);
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        boolean expiring = b.get("status").asString().equals("in_progress");
        for (int k = n; expiring && k < lines.size(); k++) {
            ObjectNode item = Json.object().put("id", ex.newId("batch_req_"))
                    .put("custom_id", Json.text(Json.parseOrNull(lines.get(k)), "custom_id"));
            item.putNull("response");
            item.putObject("error").put("code", "batch_expired")
                    .put("message", "This request could not be executed before the completion window expired.");
            failed.add(Json.write(item));
        }
        long in = 0;
        long cached = 0;
        long out = 0;
        for (int k = 0; k < n; k++) {
            JsonNode line = Json.parseOrNull(lines.get(k));
            Reply r = OpenAiEndpoint.answer(ex.batchItem(Json.text(line, "url"), Json.write(Json.child(line, "body"))));
            JsonNode body = Json.parseOrNull(r.body());
            ObjectNode item = Json.object().put("id", ex.newId("batch_req_")).put("custom_id", Json.text(line, "custom_id"));
            item.putObject("response").put("status_code", r.status()).put("request_id", ex.newId("req_")).set("body", body);
            item.putNull("error");
            (r.status() == 200 ? ok : failed).add(Json.write(item));
            JsonNode usage = Json.child(body, "usage");
            if (usage != null) {
                in += usage.path("prompt_tokens").asLong(0);
                out += usage.path("completion_tokens").asLong(0);
                cached += usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
            }
        }
        Collections.shuffle(ok, new java.util.Random(ex.dice.requestHash()));
        Collections.shuffle(failed, new java.util.Random(ex.dice.requestHash() + 1));
        if (!ok.isEmpty()) {
            b.put("output_file_id", files.store(ex, "batch_output.jsonl", "batch_output", String.join("\n", ok) + "\n").id());
        }
        if (!failed.isEmpty()) {
            b.put("error_file_id", files.store(ex, "batch_error.jsonl", "batch_output", String.join("\n", failed) + "\n").id());
        }
        ((ObjectNode) b.get("request_counts")).put("total", lines.size()).put("completed", ok.size()).put("failed", failed.size());
        ObjectNode usage = b.putObject("usage");
        usage.put("input_tokens", in);
        usage.putObject("input_tokens_details").put("cached_tokens", cached);
        usage.put("output_tokens", out);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", in + out);
    }

    private static List<String> lines(OpenAiFiles.StoredFile f) {
        List<String> out = new ArrayList<>();
        for (String l : f.content().split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    private static ObjectNode lineError(String code, String message, Integer line) {
        ObjectNode e = Json.object().put("code", code).put("message", message).putNull("param");
        if (line == null) {
            e.putNull("line");
        } else {
            e.put("line", line);
        }
        return e;
    }

    private static Reply notFound(Exchange ex) {
        return OpenAiEndpoint.error(404, "Invalid URL (" + ex.method + " " + ex.path + ")", "invalid_request_error", null,
                null);
    }
}
