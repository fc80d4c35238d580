package io.llmbatch4j.testkit.internal;

import static io.llmbatch4j.testkit.internal.HeaderNames.*;

import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI {@code POST /v1/chat/completions}: Bearer auth, validation, the reasoning-model 400s,
 * quota 429s, faults, then a {@code chat.completion} with usage (cached prefix tokens included in
 * {@code prompt_tokens}). Every response with a known key carries the six {@code x-ratelimit-*} headers.
 */
public final class OpenAiEndpoint {

    private static final String ORG = "org-fakellmbatch4j";

    private OpenAiEndpoint() {}

    public static Reply chatCompletions(Exchange ex) {
        Reply auth = authenticate(ex);
        if (auth != null) {
            return auth;
        }
        Reply r = answer(ex);
        return withRateLimitHeaders(ex, r);
    }

    /** {@code /v1/files...} and {@code /v1/batches...}: same auth, no rate-limit headers. */
    public static Reply filesAndBatches(Exchange ex) {
        Reply auth = authenticate(ex);
        if (auth != null) {
            return auth;
        }
        Reply r = ex.path.startsWith("/v1/files") ? ex.state.openAiFiles.route(ex)
                : ex.state.openAiBatches.route(ex, ex.state.openAiFiles);
        return r.header(OPENAI_REQUEST_ID, ex.newId("req_")).header(OPENAI_VERSION, "2020-10-01");
    }

    static Reply authenticate(Exchange ex) {
        String h = ex.header(AUTHORIZATION);
        String key = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        if (key == null || key.isEmpty()) {
            return error(401, "You didn't provide an API key. You need to provide your API key in an Authorization "
                    + "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field "
                    + "(with blank username) if you're accessing the API from your browser and are prompted for a "
                    + "username and password. You can obtain an API key from "
                    + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
        }
        if (!key.equals(ex.config.openAiKey())) {
            return error(401, "Incorrect API key provided: " + mask(key) + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
        }
        return null;
    }

    static Reply answer(Exchange ex) {
        JsonNode body = ex.json;
        if (body == null || !body.isObject()) {
            return error(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                    + "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was "
                    + "not valid JSON. If you have trouble figuring out how to fix this, please contact us through our "
                    + "help center at help.openai.com.)", "invalid_request_error", null, null);
        }
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            return error(400, "you must provide a model parameter", "invalid_request_error", null, null);
        }
        JsonNode messages = Json.child(body, "messages");
        if (messages == null) {
            return error(400, "Missing required parameter: 'messages'.", "invalid_request_error", "messages",
                    "missing_required_parameter");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            return error(400, "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                    + "empty array instead.", "invalid_request_error", "messages", "empty_array");
        }
        StringBuilder prompt = new StringBuilder();
        for (int k = 0; k < messages.size(); k++) {
            JsonNode msg = messages.get(k);
            String role = Json.text(msg, "role");
            if (role == null || !java.util.Set.of("system", "developer", "user", "assistant", "tool").contains(role)) {
                return error(400, "Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', "
                        + "'user', 'tool', 'function' and 'developer'.", "invalid_request_error",
                        "messages[" + k + "].role", "invalid_value");
            }
            prompt.append(role).append('\n').append(contentText(Json.child(msg, "content"))).append('\n');
        }
        Double temperature = Json.number(body, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            boolean above = temperature > 2;
            return error(400, "Invalid 'temperature': decimal " + (above ? "above maximum" : "below minimum")
                    + " value. Expected a value " + (above ? "<= 2" : ">= 0") + ", but got " + Json.child(body, "temperature")
                    + " instead.", "invalid_request_error", "temperature",
                    above ? "decimal_above_max_value" : "decimal_below_min_value");
        }
        OpenAiModelRules.Violation v = OpenAiModelRules.check(model, body);
        if (v != null) {
            return error(400, v.message(), "invalid_request_error", v.param(), v.code());
        }
        if (Boolean.TRUE.equals(bool(body, "stream"))) {
            return error(400, "The testkit fake does not stream: send 'stream': false.", "invalid_request_error",
                    "stream", "unsupported_value");
        }
        Answers.Format format = Answers.Format.TEXT;
        JsonNode rf = Json.child(body, "response_format");
        String rfType = Json.text(rf, "type");
        if ("json_schema".equals(rfType)) {
            JsonNode js = Json.child(rf, "json_schema");
            if (js == null || Json.text(js, "name") == null) {
                return error(400, "Missing required parameter: 'response_format.json_schema.name'.",
                        "invalid_request_error", "response_format.json_schema.name", "missing_required_parameter");
            }
            JsonNode schema = Json.child(js, "schema");
            format = schema == null ? Answers.Format.JSON_OBJECT : Answers.Format.schema(schema);
        } else if ("json_object".equals(rfType)) {
            format = Answers.Format.JSON_OBJECT;
        }
        Long n = Json.integer(body, "n");
        int choices = n == null ? 1 : (int) Math.max(1, Math.min(128, n));
        Long maxOut = Json.integer(body, "max_completion_tokens");
        if (maxOut == null) {
            maxOut = Json.integer(body, "max_tokens");
        }
        String promptText = prompt.toString();
        int promptTokens = Math.max(1, Tokens.estimate(promptText));
        int window = ex.config.behaviorOf(model).contextWindow();
        if (window > 0 && promptTokens > window) {
            return error(400, "This model's maximum context length is " + window + " tokens. However, your messages "
                    + "resulted in " + promptTokens + " tokens. Please reduce the length of the messages.",
                    "invalid_request_error", "messages", "context_length_exceeded");
        }
        ArrayNode choiceNodes = Json.array();
        int completionTokens = 0;
        for (int c = 0; c < choices; c++) {
            String text = Answers.answer(ex.dice, c, format, ex.config.behaviorOf(model));
            String finish = "stop";
            int tokens = Tokens.estimate(text);
            if (maxOut != null && tokens > maxOut) {
                text = Tokens.truncate(text, maxOut.intValue());
                tokens = maxOut.intValue();
                finish = "length";
            }
            completionTokens += tokens;
            ObjectNode choice = choiceNodes.addObject();
            choice.put("index", c);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant").put("content", text).putNull("refusal");
            message.putArray("annotations");
            choice.putNull("logprobs");
            choice.put("finish_reason", finish);
        }
        QuotaBook.Decision d = ex.admit((long) promptTokens + completionTokens);
        if (!d.admitted()) {
            return rateLimited(model, d, promptTokens + completionTokens);
        }
        Fault fault = ex.fault();
        if (fault != null && fault != Fault.MALFORMED_JSON) {
            return FaultReplies.of(ex.provider, fault);
        }
        OpenAiPrefixCache.Plan plan = ex.state.openAiCache.plan(ex.config.openAiKey() + "|" + model, promptText);
        plan.commit();
        ObjectNode resp = Json.object();
        resp.put("id", ex.newId("chatcmpl-"));
        resp.put("object", "chat.completion");
        resp.put("created", ex.now.getEpochSecond());
        resp.put("model", model);
        resp.set("choices", choiceNodes);
        ObjectNode usage = resp.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", plan.cachedTokens()).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        resp.put("service_tier", "default");
        // OpenAI's published schema types it string (not nullable), as in its own example
        resp.put("system_fingerprint", "fp_testkit");
        resp.putObject("x_testkit").put("attempt", ex.dice.attempt());
        Reply ok = Reply.json(200, Json.write(resp));
        return fault == Fault.MALFORMED_JSON ? ok.truncateBody() : ok;
    }

    private static Reply rateLimited(String model, QuotaBook.Decision d, long requested) {
        QuotaBook.Snapshot s = d.snapshot();
        String per = perWindow(s.window());
        String type;
        String message;
        boolean retry = true;
        if (d.refusal() == QuotaBook.Refusal.TOO_LARGE) {
            type = "tokens";
            retry = false;
            message = "Request too large for " + model + " in organization " + ORG + " on tokens " + per
                    + " (TPM): Limit " + s.tokenLimit() + ", Requested " + requested + ". The input or output tokens "
                    + "must be reduced in order to run successfully. Visit "
                    + "https://platform.openai.com/account/rate-limits to learn more.";
        } else if (d.refusal() == QuotaBook.Refusal.REQUESTS) {
            type = "requests";
            message = "Rate limit reached for " + model + " in organization " + ORG + " on requests " + per
                    + " (RPM): Limit " + s.requestLimit() + ", Used " + s.requestsUsed() + ", Requested 1. Please "
                    + "try again in " + GoDuration.format(s.resetIn()) + ". Visit "
                    + "https://platform.openai.com/account/rate-limits to learn more.";
        } else {
            type = "tokens";
            message = "Rate limit reached for " + model + " in organization " + ORG + " on tokens " + per
                    + " (TPM): Limit " + s.tokenLimit() + ", Used " + s.tokensUsed() + ", Requested " + requested
                    + ". Please try again in " + GoDuration.format(s.resetIn()) + ". Visit "
                    + "https://platform.openai.com/account/rate-limits to learn more.";
        }
        Reply r = error(429, message, type, null, "rate_limit_exceeded").header(X_SHOULD_RETRY, retry);
        if (retry) {
            r.header(RETRY_AFTER, retryAfterSeconds(s.resetIn())).header(RETRY_AFTER_MS, Math.max(1, s.resetIn().toMillis()));
        }
        return r;
    }

    static long retryAfterSeconds(Duration resetIn) {
        return Math.max(1, (resetIn.toMillis() + 999) / 1000);
    }

    private static String perWindow(Duration window) {
        return window.equals(Duration.ofMinutes(1)) ? "per min" : "per " + GoDuration.format(window);
    }

    private static Reply withRateLimitHeaders(Exchange ex, Reply r) {
        if (r.kind() != Reply.Kind.RESPOND) {
            return r;
        }
        QuotaBook.Snapshot s = ex.quotaSnapshot();
        String reset = GoDuration.format(s.resetIn());
        return r.header(OPENAI_LIMIT_REQUESTS, s.requestLimit()).header(OPENAI_REMAINING_REQUESTS, s.requestsRemaining())
                .header(OPENAI_RESET_REQUESTS, reset).header(OPENAI_LIMIT_TOKENS, s.tokenLimit())
                .header(OPENAI_REMAINING_TOKENS, s.tokensRemaining()).header(OPENAI_RESET_TOKENS, reset)
                .header(OPENAI_REQUEST_ID, ex.newId("req_")).header(OPENAI_PROCESSING_MS, 1)
                .header(OPENAI_VERSION, "2020-10-01");
    }

    /** The four-key error body of OpenAI. */
    public static Reply error(int status, String message, String type, String param, String code) {
        ObjectNode err = Json.object();
        ObjectNode e = err.putObject("error");
        e.put("message", message).put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return Reply.json(status, Json.write(err));
    }

    /** The text of a message content: a string, or the {@code text} of its text parts. */
    static String contentText(JsonNode content) {
        if (content == null) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                String t = Json.text(part, "text");
                if (t != null) {
                    sb.append(t);
                }
            }
        }
        return sb.toString();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode v = Json.child(node, field);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    private static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 3) + "..." + key.substring(key.length() - 4);
    }
}
