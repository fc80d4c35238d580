package io.llmbatch4j.testkit.internal;

import static io.llmbatch4j.testkit.internal.HeaderNames.GOOGLE_API_KEY;

import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini {@code POST /v1beta/models/{model}:generateContent} and routing for
 * {@code /v1beta/cachedContents} ({@link GeminiCaches}). Auth by {@code x-goog-api-key} or
 * {@code ?key=}: missing → 403 PERMISSION_DENIED, wrong → 400 INVALID_ARGUMENT with
 * {@code API_KEY_INVALID}. {@code promptTokenCount} includes {@code cachedContentTokenCount}.
 * No rate-limit headers (Google sends none); a 429 carries a {@code RetryInfo} detail.
 */
public final class GeminiEndpoint {

    static final String MODELS = "/v1beta/models/";
    static final String CACHES = "/v1beta/cachedContents";

    private GeminiEndpoint() {}

    public static Reply route(Exchange ex) {
        String p = ex.path;
        boolean generate = "POST".equals(ex.method) && p.startsWith(MODELS) && p.endsWith(":generateContent");
        boolean batch = "POST".equals(ex.method) && p.startsWith(MODELS) && p.endsWith(":batchGenerateContent");
        boolean caches = p.equals(CACHES) || p.startsWith(CACHES + "/");
        boolean batches = p.equals("/v1beta/batches") || p.startsWith("/v1beta/batches/");
        boolean upload = "POST".equals(ex.method) && p.equals(GeminiFiles.UPLOAD_PATH);
        boolean files = p.startsWith("/v1beta/files/") || p.startsWith("/download/v1beta/files/");
        if (!generate && !batch && !caches && !batches && !upload && !files) {
            return error(404, "Method not found.", "NOT_FOUND");
        }
        Reply auth = authenticate(ex);
        if (auth != null) {
            return auth;
        }
        if (generate) {
            return generate(ex);
        }
        if (batch) {
            String model = p.substring(MODELS.length(), p.length() - ":batchGenerateContent".length());
            return ex.state.geminiBatches.create(ex, model, ex.state.geminiFiles);
        }
        if (batches) {
            return ex.state.geminiBatches.route(ex, ex.state.geminiFiles);
        }
        if (upload) {
            return ex.state.geminiFiles.upload(ex);
        }
        return files ? ex.state.geminiFiles.get(ex) : GeminiCaches.route(ex);
    }

    private static Reply authenticate(Exchange ex) {
        String key = ex.header(GOOGLE_API_KEY);
        if (key == null) {
            key = ex.query.get("key");
        }
        if (key == null || key.isEmpty()) {
            return error(403, "Method doesn't allow unregistered callers (callers without established identity). "
                    + "Please use API Key or other form of API consumer identity to call this API.", "PERMISSION_DENIED");
        }
        if (!key.equals(ex.config.geminiKey())) {
            Reply r = errorWithDetails(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT",
                    Json.array().add(Json.object().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                            .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com")));
            return r;
        }
        return null;
    }

    static Reply generate(Exchange ex) {
        String model = ex.path.substring(MODELS.length(), ex.path.length() - ":generateContent".length());
        JsonNode body = ex.json;
        if (body == null || !body.isObject()) {
            return error(400, "Invalid JSON payload received. Unexpected token.", "INVALID_ARGUMENT");
        }
        JsonNode contents = Json.child(body, "contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            return error(400, "* GenerateContentRequest.contents: contents is not specified\n", "INVALID_ARGUMENT");
        }
        StringBuilder prompt = new StringBuilder();
        JsonNode system = Json.child(body, "systemInstruction");
        if (system == null) {
            system = Json.child(body, "system_instruction");
        }
        String cacheName = Json.text(body, "cachedContent");
        if (cacheName == null) {
            cacheName = Json.text(body, "cached_content");
        }
        GeminiCacheStore.Entry cache = null;
        if (cacheName != null) {
            if (system != null || Json.has(body, "tools") || Json.has(body, "toolConfig")) {
                return error(400, "Tool config, tools and system instruction should not be set in the request when "
                        + "using cached content.", "INVALID_ARGUMENT");
            }
            cache = ex.state.geminiCaches.get(cacheName, ex.now);
            if (cache == null) {
                return error(404, "CachedContent not found (or permission denied)", "NOT_FOUND");
            }
            if (!cache.model().equals("models/" + model)) {
                return error(400, "Model used by GenerateContent request (models/" + model + ") and CachedContent ("
                        + cache.model() + ") has to be the same.", "INVALID_ARGUMENT");
            }
        }
        String err = appendPrompt(prompt, system, contents);
        if (err != null) {
            return error(400, err, "INVALID_ARGUMENT");
        }
        JsonNode gc = Json.child(body, "generationConfig");
        if (gc == null) {
            gc = Json.child(body, "generation_config");
        }
        Double temperature = Json.number(gc, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            return error(400, "* GenerateContentRequest.generation_config.temperature: temperature must be in the "
                    + "range [0.0, 2.0]\n", "INVALID_ARGUMENT");
        }
        JsonNode schema = Json.child(gc, "responseSchema");
        JsonNode jsonSchema = Json.child(gc, "responseJsonSchema");
        if (schema != null && jsonSchema != null) {
            return error(400, "responseSchema and responseJsonSchema cannot both be set.", "INVALID_ARGUMENT");
        }
        String mime = Json.text(gc, "responseMimeType");
        boolean json = mime != null && mime.toLowerCase(Locale.ROOT).startsWith("application/json");
        if ((schema != null || jsonSchema != null) && !json) {
            return error(400, "* GenerateContentRequest.generation_config.response_mime_type: response_mime_type must "
                    + "be application/json when response_schema is set.\n", "INVALID_ARGUMENT");
        }
        Answers.Format format = !json ? Answers.Format.TEXT
                : schema != null ? Answers.Format.schema(schema)
                : jsonSchema != null ? Answers.Format.schema(jsonSchema) : Answers.Format.JSON_OBJECT;
        Long maxOut = Json.integer(gc, "maxOutputTokens");
        Long count = Json.integer(gc, "candidateCount");
        int candidates = count == null ? 1 : (int) Math.max(1, Math.min(8, count));
        ArrayNode candidateNodes = Json.array();
        int outTokens = 0;
        for (int c = 0; c < candidates; c++) {
            String text = Answers.answer(ex.dice, c, format, ex.config.behaviorOf(model));
            int tokens = Tokens.estimate(text);
            String finish = "STOP";
            if (maxOut != null && tokens > maxOut) {
                text = Tokens.truncate(text, maxOut.intValue());
                tokens = maxOut.intValue();
                finish = "MAX_TOKENS";
            }
            outTokens += tokens;
            ObjectNode cand = candidateNodes.addObject();
            ObjectNode content = cand.putObject("content");
            content.putArray("parts").addObject().put("text", text);
            content.put("role", "model");
            cand.put("finishReason", finish);
            cand.put("index", c);
        }
        int cachedTokens = cache == null ? 0 : cache.tokens();
        int promptTokens = cachedTokens + Math.max(1, Tokens.estimate(prompt.toString()));
        int window = ex.config.behaviorOf(model).contextWindow();
        if (window > 0 && promptTokens > window) {
            return error(400, "The input token count (" + promptTokens + ") exceeds the maximum number of tokens allowed ("
                    + window + ").", "INVALID_ARGUMENT");
        }
        QuotaBook.Decision d = ex.admit((long) promptTokens + outTokens);
        if (!d.admitted()) {
            return rateLimited(model, d);
        }
        Fault fault = ex.fault();
        if (fault != null && fault != Fault.MALFORMED_JSON) {
            return FaultReplies.of(ex.provider, fault);
        }
        ObjectNode resp = Json.object();
        resp.set("candidates", candidateNodes);
        ObjectNode usage = resp.putObject("usageMetadata");
        usage.put("promptTokenCount", promptTokens);
        usage.put("candidatesTokenCount", outTokens);
        usage.put("totalTokenCount", promptTokens + outTokens);
        if (cachedTokens > 0) {
            usage.put("cachedContentTokenCount", cachedTokens);
        }
        usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", promptTokens);
        if (cachedTokens > 0) {
            usage.putArray("cacheTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", cachedTokens);
        }
        resp.put("modelVersion", model);
        resp.put("responseId", ex.newId(""));
        resp.putObject("x_testkit").put("attempt", ex.dice.attempt());
        Reply ok = Reply.json(200, Json.write(resp));
        return fault == Fault.MALFORMED_JSON ? ok.truncateBody() : ok;
    }

    /** Appends the canonical prompt text of a system instruction and contents; returns an error message or null. */
    static String appendPrompt(StringBuilder prompt, JsonNode system, JsonNode contents) {
        if (system != null) {
            appendParts(prompt, "system", Json.child(system, "parts"));
        }
        if (contents == null) {
            return null;
        }
        for (JsonNode content : contents) {
            String role = Json.text(content, "role");
            if (role == null) {
                role = "user";
            }
            if (!role.equals("user") && !role.equals("model")) {
                return "Please use a valid role: user, model.";
            }
            appendParts(prompt, role, Json.child(content, "parts"));
        }
        return null;
    }

    private static void appendParts(StringBuilder prompt, String role, JsonNode parts) {
        if (parts == null || !parts.isArray()) {
            return;
        }
        for (JsonNode part : parts) {
            String t = Json.text(part, "text");
            prompt.append(role).append('\n').append(t == null ? "" : t).append('\n');
        }
    }

    /** A 429 with only a RetryInfo detail of one second (a burst limit, not a quota). */
    static Reply rateLimitedBurst() {
        ArrayNode details = Json.array();
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", "1s");
        return errorWithDetails(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED", details);
    }

    private static Reply rateLimited(String model, QuotaBook.Decision d) {
        QuotaBook.Snapshot s = d.snapshot();
        boolean requests = d.refusal() == QuotaBook.Refusal.REQUESTS;
        ArrayNode details = Json.array();
        ObjectNode violation = details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                .putArray("violations").addObject();
        violation.put("quotaMetric", requests ? "generativelanguage.googleapis.com/generate_content_requests"
                : "generativelanguage.googleapis.com/generate_content_input_token_count");
        violation.put("quotaId", requests ? "GenerateRequestsPerMinutePerProjectPerModel"
                : "GenerateContentInputTokensPerModelPerMinute");
        violation.putObject("quotaDimensions").put("location", "global").put("model", model);
        violation.put("quotaValue", String.valueOf(requests ? s.requestLimit() : s.tokenLimit()));
        details.addObject().put("@type", "type.googleapis.com/google.rpc.Help").putArray("links").addObject()
                .put("description", "Learn more about Gemini API quotas")
                .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
        details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", OpenAiEndpoint.retryAfterSeconds(s.resetIn()) + "s");
        return errorWithDetails(429, "You exceeded your current quota, please check your plan and billing details. For "
                + "more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                "RESOURCE_EXHAUSTED", details);
    }

    /** Google's RPC error body {@code {"error":{"code","message","status"}}}. */
    public static Reply error(int status, String message, String rpcStatus) {
        ObjectNode root = Json.object();
        root.putObject("error").put("code", status).put("message", message).put("status", rpcStatus);
        return Reply.json(status, Json.write(root));
    }

    static Reply errorWithDetails(int status, String message, String rpcStatus, ArrayNode details) {
        ObjectNode root = Json.object();
        ObjectNode e = root.putObject("error").put("code", status).put("message", message).put("status", rpcStatus);
        e.set("details", details);
        return Reply.json(status, Json.write(root));
    }

    /** Parses a protobuf Duration ({@code "300s"}, {@code "1.5s"}); {@code null} when malformed. */
    static Duration parseDuration(String s) {
        if (s == null || !s.matches("\\d+(\\.\\d{1,9})?s")) {
            return null;
        }
        return Duration.ofNanos(new java.math.BigDecimal(s.substring(0, s.length() - 1)).movePointRight(9).longValueExact());
    }
}
