package io.llmbatch4j.testkit.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Message Batches: create, retrieve, list, cancel, delete, results. A batch is
 * {@code in_progress} when created and at its first retrieve, and {@code ended} from the second
 * retrieve on (after a cancel: at the next retrieve, with the second half of the requests
 * {@code canceled}). Request counts other than {@code processing} stay 0 until it ends. Each request
 * runs like {@code /v1/messages} without quota or faults ({@code usage.service_tier: "batch"});
 * results are {@code succeeded} or {@code errored} (nested error response) or {@code canceled}, in
 * shuffled order. Envelope errors (no requests, more than 100,000, bad or duplicate
 * {@code custom_id}) are 400s at create.
 */
public final class AnthropicBatches {

    private static final Pattern CUSTOM_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String BASE = "/v1/messages/batches";

    private static final class Batch {
        final ObjectNode view;
        final List<JsonNode> requests;
        int polls;
        String results;

        Batch(ObjectNode view, List<JsonNode> requests) {
            this.view = view;
            this.requests = requests;
        }
    }

    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());

    Reply route(Exchange ex) {
        String rest = ex.path.substring(BASE.length());
        if (rest.isEmpty()) {
            return switch (ex.method) {
                case "POST" -> create(ex);
                case "GET" -> list(ex);
                default -> notFound();
            };
        }
        String[] seg = rest.substring(1).split("/");
        Batch b = batches.get(seg[0]);
        if (b == null || seg.length > 2) {
            return AnthropicEndpoint.error(404, "not_found_error", "No message batch found with id '" + seg[0] + "'.");
        }
        String action = seg.length == 2 ? seg[1] : "";
        synchronized (b) {
            return switch (ex.method + " " + action) {
                case "GET " -> Reply.json(200, Json.write(advance(ex, b)));
                case "POST cancel" -> cancel(ex, b);
                case "GET results" -> results(b);
                case "DELETE " -> delete(b);
                default -> notFound();
            };
        }
    }

    private Reply create(Exchange ex) {
        JsonNode requests = Json.child(ex.json, "requests");
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            return AnthropicEndpoint.error(400, "invalid_request_error", "requests: List should have at least 1 item");
        }
        if (requests.size() > 100_000) {
            return AnthropicEndpoint.error(400, "invalid_request_error", "requests: List should have at most 100000 items");
        }
        Set<String> ids = new HashSet<>();
        List<JsonNode> list = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            JsonNode r = requests.get(k);
            String id = Json.text(r, "custom_id");
            if (id == null || !CUSTOM_ID.matcher(id).matches()) {
                return AnthropicEndpoint.error(400, "invalid_request_error", "requests." + k
                        + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
            }
            if (!ids.add(id)) {
                return AnthropicEndpoint.error(400, "invalid_request_error", "Duplicate custom_id '" + id
                        + "': every request in a batch needs a unique custom_id.");
            }
            if (!(Json.child(r, "params") instanceof ObjectNode)) {
                return AnthropicEndpoint.error(400, "invalid_request_error", "requests." + k + ".params: Field required");
            }
            list.add(r);
        }
        ObjectNode v = Json.object();
        String id = ex.newId("msgbatch_01");
        v.put("id", id).put("type", "message_batch").put("processing_status", "in_progress");
        v.putObject("request_counts").put("processing", list.size()).put("succeeded", 0).put("errored", 0)
                .put("canceled", 0).put("expired", 0);
        v.putNull("ended_at");
        v.put("created_at", RFC3339_MICROS.format(ex.now));
        v.put("expires_at", RFC3339_MICROS.format(ex.now.plusSeconds(24 * 3600)));
        v.putNull("archived_at");
        v.putNull("cancel_initiated_at");
        v.putNull("results_url");
        batches.put(id, new Batch(v, list));
        order.add(id);
        return Reply.json(200, Json.write(v));
    }

    private ObjectNode advance(Exchange ex, Batch b) {
        b.polls++;
        String status = b.view.get("processing_status").asString();
        if (status.equals("canceling") || status.equals("in_progress") && b.polls >= 2) {
            end(ex, b, status.equals("canceling") ? b.requests.size() / 2 : b.requests.size());
        }
        return b.view;
    }

    private void end(Exchange ex, Batch b, int run) {
        List<String> lines = new ArrayList<>();
        int succeeded = 0;
        int errored = 0;
        boolean canceled = b.view.get("processing_status").asString().equals("canceling");
        int expiredFrom = canceled ? run
                : b.requests.size() - (int) Math.floor(b.requests.size() * ex.config.batchExpiredShare() + 1e-9);
        for (int k = 0; k < b.requests.size(); k++) {
            JsonNode r = b.requests.get(k);
            ObjectNode line = Json.object().put("custom_id", Json.text(r, "custom_id"));
            ObjectNode result = line.putObject("result");
            if (k >= expiredFrom && !canceled) {
                result.put("type", "expired");
            } else if (k >= run) {
                result.put("type", "canceled");
            } else {
                Reply reply = AnthropicEndpoint.answer(ex.batchItem("/v1/messages", Json.write(r.get("params"))));
                JsonNode body = Json.parseOrNull(reply.body());
                if (reply.status() == 200) {
                    result.put("type", "succeeded").set("message", body);
                    succeeded++;
                } else {
                    ((ObjectNode) body).put("request_id", ex.newId("req_011C"));
                    result.put("type", "errored").set("error", body);
                    errored++;
                }
            }
            lines.add(Json.write(line));
        }
        Collections.shuffle(lines, new java.util.Random(ex.dice.requestHash()));
        b.results = String.join("\n", lines) + "\n";
        String host = ex.header("host");
        b.view.put("processing_status", "ended").put("ended_at", RFC3339_MICROS.format(ex.now));
        int expired = canceled ? 0 : b.requests.size() - expiredFrom;
        b.view.putObject("request_counts").put("processing", 0).put("succeeded", succeeded).put("errored", errored)
                .put("canceled", canceled ? b.requests.size() - run : 0).put("expired", expired);
        b.view.put("results_url", (host == null ? "" : "http://" + host) + BASE + "/" + b.view.get("id").asString()
                + "/results");
    }

    private Reply cancel(Exchange ex, Batch b) {
        if (b.view.get("processing_status").asString().equals("in_progress")) {
            b.view.put("processing_status", "canceling").put("cancel_initiated_at", RFC3339_MICROS.format(ex.now));
        }
        return Reply.json(200, Json.write(b.view));
    }

    private Reply results(Batch b) {
        if (b.results == null) {
            return AnthropicEndpoint.error(400, "invalid_request_error", "Message batch " + b.view.get("id").asString()
                    + " has not ended yet; results are available once processing_status is 'ended'.");
        }
        return Reply.raw(200, "application/binary", b.results);
    }

    private Reply delete(Batch b) {
        String id = b.view.get("id").asString();
        if (b.results == null) {
            return AnthropicEndpoint.error(400, "invalid_request_error", "Message batch " + id
                    + " cannot be deleted while it is processing; cancel it first.");
        }
        batches.remove(id);
        order.remove(id);
        return Reply.json(200, Json.write(Json.object().put("id", id).put("type", "message_batch_deleted")));
    }

    private Reply list(Exchange ex) {
        int limit;
        try {
            limit = Math.max(1, Math.min(1000, Integer.parseInt(ex.query.getOrDefault("limit", "20"))));
        } catch (NumberFormatException e) {
            return AnthropicEndpoint.error(400, "invalid_request_error", "limit: Input should be a valid integer");
        }
        List<String> ids;
        synchronized (order) {
            ids = new ArrayList<>(order);
        }
        Collections.reverse(ids);
        String after = ex.query.get("after_id");
        int start = after == null ? 0 : ids.indexOf(after) + 1;
        ArrayNode data = Json.array();
        for (int k = start; k < ids.size() && data.size() < limit; k++) {
            data.add(batches.get(ids.get(k)).view);
        }
        ObjectNode out = Json.object();
        out.set("data", data);
        out.put("has_more", start + data.size() < ids.size());
        out.put("first_id", data.isEmpty() ? null : data.get(0).get("id").asString());
        out.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id").asString());
        return Reply.json(200, Json.write(out));
    }

    private static Reply notFound() {
        return AnthropicEndpoint.error(404, "not_found_error", "Not Found");
    }
}
