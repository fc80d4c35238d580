package io.llmbatch4j.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini {@code /v1beta/cachedContents}: create (POST, {@code ttl} or {@code expireTime}, default 1 h,
 * refused below the minimum size with Google's "Cached content is too small" 400), list (GET), get
 * (GET /{id}), update of the expiry (PATCH /{id}), delete (DELETE /{id} → {@code {}}). An unknown,
 * deleted or expired name → 404 NOT_FOUND.
 */
final class GeminiCaches {

    private static final String PREFIX = "cachedContents/";

    private GeminiCaches() {}

    static Reply route(Exchange ex) {
        String path = ex.path;
        if (path.equals(GeminiEndpoint.CACHES)) {
            return switch (ex.method) {
                case "POST" -> create(ex);
                case "GET" -> list(ex);
                default -> GeminiEndpoint.error(404, "Method not found.", "NOT_FOUND");
            };
        }
        String name = path.substring("/v1beta/".length());
        GeminiCacheStore.Entry e = ex.state.geminiCaches.get(name, ex.now);
        if (e == null) {
            return GeminiEndpoint.error(404, "CachedContent not found (or permission denied)", "NOT_FOUND");
        }
        return switch (ex.method) {
            case "GET" -> Reply.json(200, Json.write(view(e)));
            case "DELETE" -> {
                ex.state.geminiCaches.delete(name, ex.now);
                yield Reply.json(200, "{}");
            }
            case "PATCH" -> update(ex, e);
            default -> GeminiEndpoint.error(404, "Method not found.", "NOT_FOUND");
        };
    }

    private static Reply create(Exchange ex) {
        JsonNode body = ex.json;
        if (body == null || !body.isObject()) {
            return GeminiEndpoint.error(400, "Invalid JSON payload received. Unexpected token.", "INVALID_ARGUMENT");
        }
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            return GeminiEndpoint.error(400, "* CreateCachedContentRequest.cached_content.model: model is required\n",
                    "INVALID_ARGUMENT");
        }
        if (!model.startsWith("models/")) {
            model = "models/" + model;
        }
        Instant expire = expiry(ex, body);
        if (expire == null) {
            return GeminiEndpoint.error(400, "Invalid ttl or expireTime: give one of ttl (e.g. \"300s\") or expireTime "
                    + "(RFC 3339), in the future.", "INVALID_ARGUMENT");
        }
        JsonNode system = Json.child(body, "systemInstruction");
        StringBuilder prompt = new StringBuilder();
        String err = GeminiEndpoint.appendPrompt(prompt, system, Json.child(body, "contents"));
        if (err != null) {
            return GeminiEndpoint.error(400, err, "INVALID_ARGUMENT");
        }
        int tokens = Tokens.estimate(prompt.toString());
        int min = ex.config.geminiMinCacheTokens();
        if (tokens < min) {
            return GeminiEndpoint.error(400, "Cached content is too small. total_token_count=" + tokens
                    + ", min_total_token_count=" + min, "INVALID_ARGUMENT");
        }
        GeminiCacheStore.Entry e = new GeminiCacheStore.Entry(PREFIX + ex.newId("").substring(0, 16), model,
                Json.text(body, "displayName"), prompt.toString(), tokens, ex.now, ex.now, expire);
        ex.state.geminiCaches.put(e);
        return Reply.json(200, Json.write(view(e)));
    }

    private static Reply list(Exchange ex) {
        ObjectNode out = Json.object();
        ArrayNode arr = Json.array();
        ex.state.geminiCaches.list(ex.now).forEach(e -> arr.add(view(e)));
        if (!arr.isEmpty()) {
            out.set("cachedContents", arr);
        }
        return Reply.json(200, Json.write(out));
    }

    private static Reply update(Exchange ex, GeminiCacheStore.Entry e) {
        Instant expire = ex.json == null ? null : expiry(ex, ex.json);
        if (expire == null || !(Json.has(ex.json, "ttl") || Json.has(ex.json, "expireTime"))) {
            return GeminiEndpoint.error(400, "Only ttl or expireTime can be updated; give one of them.",
                    "INVALID_ARGUMENT");
        }
        GeminiCacheStore.Entry updated = e.withExpireTime(expire, ex.now);
        ex.state.geminiCaches.put(updated);
        return Reply.json(200, Json.write(view(updated)));
    }

    /** The expiry from {@code ttl} or {@code expireTime} (default now + 1 h); {@code null} when invalid. */
    private static Instant expiry(Exchange ex, JsonNode body) {
        String ttl = Json.text(body, "ttl");
        String expireTime = Json.text(body, "expireTime");
        if (ttl != null && expireTime != null) {
            return null;
        }
        if (ttl != null) {
            Duration d = GeminiEndpoint.parseDuration(ttl);
            return d == null || d.isZero() ? null : ex.now.plus(d);
        }
        if (expireTime != null) {
            try {
                Instant t = Instant.parse(expireTime);
                return t.isAfter(ex.now) ? t : null;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return ex.now.plus(Duration.ofHours(1));
    }

    private static ObjectNode view(GeminiCacheStore.Entry e) {
        ObjectNode o = Json.object();
        o.put("name", e.name());
        o.put("model", e.model());
        if (e.displayName() != null) {
            o.put("displayName", e.displayName());
        }
        o.put("createTime", e.createTime().toString());
        o.put("updateTime", e.updateTime().toString());
        o.put("expireTime", e.expireTime().toString());
        o.putObject("usageMetadata").put("totalTokenCount", e.tokens());
        return o;
    }
}
