package io.llmbatch4j.testkit.internal;

import static io.llmbatch4j.testkit.internal.HeaderNames.*;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic {@code POST /v1/messages}: {@code x-api-key} and {@code anthropic-version} required,
 * validation ({@code max_tokens} required, no {@code system} role, temperature 0..1, not both
 * temperature and top_p on newer models), structured output via {@code output_config.format},
 * prompt caching per {@code cache_control} block ({@code input_tokens} excludes cache reads and
 * writes), the {@code anthropic-ratelimit-*} headers with RFC 3339 resets, 429 and 529.
 */
public final class AnthropicEndpoint {

    static final Set<String> VERSIONS = Set.of("2023-06-01", "2023-01-01");
    private static final Pattern CLAUDE_VERSION = Pattern.compile("claude-(opus|sonnet|haiku)-(\\d+)(?:-(\\d))?(?:-|$)");

    private AnthropicEndpoint() {}

    public static Reply messages(Exchange ex) {
        Reply auth = authenticate(ex);
        if (auth != null) {
            return auth;
        }
        Reply r = answer(ex);
        return withHeaders(ex, r);
    }

    /** {@code /v1/messages/batches...}: the same key and version checks. */
    public static Reply batches(Exchange ex) {
        Reply auth = authenticate(ex);
        if (auth == null) {
            auth = checkVersion(ex);
        }
        Reply r = auth != null ? auth : ex.state.anthropicBatches.route(ex);
        return r.header(ANTHROPIC_REQUEST_ID, ex.newId("req_011C"));
    }

    private static Reply authenticate(Exchange ex) {
        String key = ex.header(ANTHROPIC_API_KEY);
        if (key == null || key.isEmpty()) {
            return error(401, "authentication_error", "x-api-key header is required");
        }
        if (!key.equals(ex.config.anthropicKey())) {
            return error(401, "authentication_error", "invalid x-api-key");
        }
        return null;
    }

    private static Reply checkVersion(Exchange ex) {
        String version = ex.header(ANTHROPIC_VERSION);
        if (version == null || version.isEmpty()) {
            return error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        if (!VERSIONS.contains(version)) {
            return error(400, "invalid_request_error", "anthropic-version: invalid version '" + version + "'");
        }
        return null;
    }

    static Reply answer(Exchange ex) {
        Reply versionError = checkVersion(ex);
        if (versionError != null) {
            return versionError;
        }
        JsonNode body = ex.json;
        if (body == null || !body.isObject()) {
            return error(400, "invalid_request_error", "There was an issue with the JSON in your request body.");
        }
        for (String required : List.of("model", "max_tokens", "messages")) {
            if (!Json.has(body, required)) {
                return error(400, "invalid_request_error", required + ": Field required");
            }
        }
        String model = Json.text(body, "model");
        Long maxTokens = Json.integer(body, "max_tokens");
        if (model == null) {
            return error(400, "invalid_request_error", "model: Input should be a valid string");
        }
        if (maxTokens == null || maxTokens < 0) {
            return error(400, "invalid_request_error", "max_tokens: Input should be a valid integer greater than or equal to 0");
        }
        Double temperature = Json.number(body, "temperature");
        if (temperature != null && (temperature < 0 || temperature > 1)) {
            return error(400, "invalid_request_error", "temperature: range: 0..1");
        }
        if (temperature != null && Json.has(body, "top_p") && rejectsTemperatureWithTopP(model)) {
            return error(400, "invalid_request_error",
                    "`temperature` and `top_p` cannot both be specified for this model. Please use only one.");
        }
        if (Boolean.TRUE.equals(Json.child(body, "stream") != null && Json.child(body, "stream").asBoolean(false))) {
            return error(400, "invalid_request_error", "stream: the testkit fake does not stream");
        }
        Prompt prompt = new Prompt();
        JsonNode system = Json.child(body, "system");
        if (system != null) {
            if (system.isString()) {
                prompt.add("system", system.stringValue(), null);
            } else if (system.isArray()) {
                for (JsonNode block : system) {
                    prompt.add("system", Json.text(block, "text"), Json.child(block, "cache_control"));
                }
            } else {
                return error(400, "invalid_request_error", "system: Input should be a valid string or list");
            }
        }
        JsonNode messages = Json.child(body, "messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return error(400, "invalid_request_error", "messages: at least one message is required");
        }
        for (int k = 0; k < messages.size(); k++) {
            JsonNode msg = messages.get(k);
            String role = Json.text(msg, "role");
            if ("system".equals(role)) {
                return error(400, "invalid_request_error", "messages: Unexpected role \"system\". The Messages API "
                        + "accepts a top-level `system` parameter, not \"system\" as an input message role.");
            }
            if (!"user".equals(role) && !"assistant".equals(role)) {
                return error(400, "invalid_request_error", "messages." + k + ".role: Input should be 'user' or 'assistant'");
            }
            JsonNode content = Json.child(msg, "content");
            if (content != null && content.isString()) {
                prompt.add(role, content.stringValue(), null);
            } else if (content != null && content.isArray()) {
                for (JsonNode block : content) {
                    prompt.add(role, Json.text(block, "text"), Json.child(block, "cache_control"));
                }
            } else {
                return error(400, "invalid_request_error", "messages." + k + ".content: Field required");
            }
        }
        JsonNode topCache = Json.child(body, "cache_control");
        if (topCache != null && !prompt.ends.isEmpty()) {
            prompt.breakpoints.add(new AnthropicPromptCache.Breakpoint(prompt.ends.get(prompt.ends.size() - 1),
                    ttl(topCache)));
        }
        if (prompt.breakpoints.size() > 4) {
            return error(400, "invalid_request_error", "A maximum of 4 blocks with cache_control may be provided. Found "
                    + prompt.breakpoints.size() + ".");
        }
        Answers.Format format = Answers.Format.TEXT;
        JsonNode fmt = Json.child(Json.child(body, "output_config"), "format");
        if (fmt == null) {
            fmt = Json.child(body, "output_format");
        }
        if (fmt != null && "json_schema".equals(Json.text(fmt, "type"))) {
            JsonNode schema = Json.child(fmt, "schema");
            format = schema == null ? Answers.Format.JSON_OBJECT : Answers.Format.schema(schema);
        }
        String text = Answers.answer(ex.dice, 0, format, ex.config.behaviorOf(model));
        int outTokens = Tokens.estimate(text);
        String stop = "end_turn";
        if (outTokens > maxTokens) {
            text = Tokens.truncate(text, maxTokens.intValue());
            outTokens = maxTokens.intValue();
            stop = "max_tokens";
        }
        String promptText = prompt.text.toString();
        int total = Math.max(1, Tokens.estimate(promptText));
        int window = ex.config.behaviorOf(model).contextWindow();
        if (window > 0 && total > window) {
            return error(400, "invalid_request_error", "prompt is too long: " + total + " tokens > " + window + " maximum");
        }
        if (window > 0 && total + maxTokens > window) {
            return error(400, "invalid_request_error", "input length and `max_tokens` exceed context limit: " + total
                    + " + " + maxTokens + " > " + window + ", decrease input length or `max_tokens` and try again");
        }
        QuotaBook.Decision d = ex.admit((long) total + outTokens);
        if (!d.admitted()) {
            return rateLimited(d);
        }
        Fault fault = ex.fault();
        if (fault != null && fault != Fault.MALFORMED_JSON) {
            return FaultReplies.of(ex.provider, fault);
        }
        AnthropicPromptCache.Usage cache = ex.state.anthropicCache.use(ex.config.anthropicKey(), model, promptText,
                prompt.breakpoints, ex.now, true);
        ObjectNode resp = Json.object();
        resp.put("id", ex.newId("msg_01"));
        resp.put("type", "message");
        resp.put("role", "assistant");
        resp.put("model", model);
        ObjectNode block = resp.putArray("content").addObject();
        block.put("type", "text").put("text", text);
        resp.put("stop_reason", stop);
        resp.putNull("stop_sequence");
        ObjectNode usage = resp.putObject("usage");
        usage.put("input_tokens", Math.max(0, total - cache.readTokens() - cache.creationTokens()));
        usage.put("cache_creation_input_tokens", cache.creationTokens());
        usage.put("cache_read_input_tokens", cache.readTokens());
        usage.putObject("cache_creation").put("ephemeral_5m_input_tokens", cache.creation5m())
                .put("ephemeral_1h_input_tokens", cache.creation1h());
        usage.put("output_tokens", Math.max(outTokens, maxTokens > 0 ? 1 : 0));
        usage.put("service_tier", ex.offline ? "batch" : "standard");
        resp.putObject("x_testkit").put("attempt", ex.dice.attempt());
        Reply ok = Reply.json(200, Json.write(resp));
        return fault == Fault.MALFORMED_JSON ? ok.truncateBody() : ok;
    }

    /** Sonnet 4.5, Haiku 4.5, Opus 4.1 and newer refuse temperature together with top_p. */
    static boolean rejectsTemperatureWithTopP(String model) {
        Matcher m = CLAUDE_VERSION.matcher(model);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(2));
        int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (major > 4) {
            return true;
        }
        return major == 4 && (minor >= 5 || "opus".equals(m.group(1)) && minor >= 1);
    }

    private static Reply rateLimited(QuotaBook.Decision d) {
        QuotaBook.Snapshot s = d.snapshot();
        String what = d.refusal() == QuotaBook.Refusal.REQUESTS ? s.requestLimit() + " requests" : s.tokenLimit() + " tokens";
        String message = d.refusal() == QuotaBook.Refusal.TOO_LARGE
                ? "This request would exceed your organization's rate limit of " + s.tokenLimit() + " tokens per "
                        + window(s.window()) + " on its own. Please reduce the prompt length or the maximum tokens requested."
                : "This request would exceed your organization's rate limit of " + what + " per " + window(s.window())
                        + ". For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response "
                        + "headers for current usage. Please reduce the prompt length or the maximum tokens requested, "
                        + "or try again later.";
        return error(429, "rate_limit_error", message).header(RETRY_AFTER, OpenAiEndpoint.retryAfterSeconds(s.resetIn()))
                .header(X_SHOULD_RETRY, d.refusal() != QuotaBook.Refusal.TOO_LARGE);
    }

    private static String window(Duration w) {
        return w.equals(Duration.ofMinutes(1)) ? "minute" : GoDuration.format(w);
    }

    private static Reply withHeaders(Exchange ex, Reply r) {
        if (r.kind() != Reply.Kind.RESPOND) {
            return r;
        }
        QuotaBook.Snapshot s = ex.quotaSnapshot();
        String reset = s.resetAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(s.resetAt().getNano() > 0 ? 1 : 0)
                .toString();
        String p = ANTHROPIC_RATELIMIT_PREFIX;
        r.header(p + "requests-limit", s.requestLimit()).header(p + "requests-remaining", s.requestsRemaining())
                .header(p + "requests-reset", reset);
        for (String family : List.of("tokens", "input-tokens", "output-tokens")) {
            r.header(p + family + "-limit", s.tokenLimit()).header(p + family + "-remaining", s.tokensRemaining())
                    .header(p + family + "-reset", reset);
        }
        return r.header(ANTHROPIC_REQUEST_ID, ex.newId("req_011C")).header(ANTHROPIC_ORGANIZATION_ID,
                "00000000-0000-4000-8000-00000000fa6e");
    }

    /** Anthropic's error body {@code {"type":"error","error":{"type","message"}}}. */
    public static Reply error(int status, String type, String message) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return Reply.json(status, Json.write(root));
    }

    private static Duration ttl(JsonNode cacheControl) {
        return "1h".equals(Json.text(cacheControl, "ttl")) ? Duration.ofHours(1) : Duration.ofMinutes(5);
    }

    /** The canonical prompt text and its cache breakpoints. */
    private static final class Prompt {
        final StringBuilder text = new StringBuilder();
        final List<Integer> ends = new ArrayList<>();
        final List<AnthropicPromptCache.Breakpoint> breakpoints = new ArrayList<>();

        void add(String role, String blockText, JsonNode cacheControl) {
            text.append(role).append('\n').append(blockText == null ? "" : blockText).append('\n');
            ends.add(text.length());
            if (cacheControl != null) {
                breakpoints.add(new AnthropicPromptCache.Breakpoint(text.length(), ttl(cacheControl)));
            }
        }
    }
}
