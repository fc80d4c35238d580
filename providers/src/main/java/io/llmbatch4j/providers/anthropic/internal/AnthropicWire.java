package io.llmbatch4j.providers.anthropic.internal;

import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.internal.Adaptation;
import io.llmbatch4j.providers.internal.ChatWire;
import io.llmbatch4j.providers.internal.ErrorMapper;
import io.llmbatch4j.providers.internal.ErrorMapper.ProviderFailure;
import io.llmbatch4j.providers.internal.HttpReply;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.providers.internal.RateLimitHeaders;
import io.llmbatch4j.providers.internal.Redactor;
import io.llmbatch4j.providers.ProviderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic's JSON: request bodies out, responses and error bodies in (providers.md §3). */
public final class AnthropicWire implements ChatWire {

    /** Phrases of 400 bodies that mean the model cannot take this request as it is (§7.1, §7.2). */
    private static final List<String> LIMITATION_PHRASES = List.of("prompt is too long", "exceed context limit",
            "cannot both be specified");
    /** Used when neither the request nor the catalog gives an output cap; the API requires one. */
    public static final int FALLBACK_MAX_TOKENS = 4096;
    /** Anthropic's temperature range is 0.0–1.0 (ChatRequest allows OpenAI's 0–2); above it: 400. */
    static final double MAX_TEMPERATURE = 1.0;

    /** The API version every official SDK sends. */
    public static final String API_VERSION = "2023-06-01";
    /** The Messages endpoint. */
    public static final String MESSAGES_PATH = "/v1/messages";

    private final String provider;
    private final Redactor redactor;
    private final Clock clock;

    public AnthropicWire(String provider, Redactor redactor, Clock clock) {
        this.provider = provider;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Sets {@code x-api-key} and, unless configured otherwise, {@code anthropic-version}. */
    public static Consumer<HttpHeaders> auth(ProviderConfig config) {
        return h -> {
            h.set("x-api-key", config.apiKey());
            if (!h.contains("anthropic-version")) {
                h.set("anthropic-version", API_VERSION);
            }
        };
    }

    @Override
    public String chatPath(ChatRequest request) {
        return MESSAGES_PATH;
    }

    @Override
    public ObjectNode requestBody(ChatRequest request, Adaptation adapted) {
        if (request.cachedContent() != null) {
            throw new IllegalArgumentException("ChatRequest.cachedContent is a Gemini feature; for "
                    + provider + " mark the system message cached() instead");
        }
        ObjectNode body = Json.object();
        body.put("model", request.model());
        body.put("max_tokens", adapted.maxOutputTokens() != null ? adapted.maxOutputTokens() : FALLBACK_MAX_TOKENS);
        String system = adapted.systemText();
        if (system != null) {
            if (adapted.systemCached()) {
                ObjectNode block = body.putArray("system").addObject().put("type", "text").put("text", system);
                block.putObject("cache_control").put("type", "ephemeral");
            } else {
                body.put("system", system);
            }
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : adapted.turns()) {
            ObjectNode msg = messages.addObject().put("role", m.role() == ChatMessage.Role.ASSISTANT ? "assistant" : "user");
            if (m.cacheBreakpoint()) {
                ObjectNode block = msg.putArray("content").addObject().put("type", "text").put("text", m.text());
                block.putObject("cache_control").put("type", "ephemeral");
            } else {
                msg.put("content", m.text());
            }
        }
        if (adapted.temperature() != null) {
            body.put("temperature", Math.min(adapted.temperature(), MAX_TEMPERATURE));
        }
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stopSequences().forEach(stop::add);
        }
        if (request.responseSchema() != null) {
            ObjectNode format = body.putObject("output_config").putObject("format").put("type", "json_schema");
            format.set("schema", request.responseSchema().schema());
        }
        return body;
    }

    @Override
    public ChatResponse response(HttpReply reply) {
        RateLimitSnapshot quota = RateLimitHeaders.anthropic(provider, reply.headers(), reply.receivedAt(), clock);
        if (!reply.isSuccess()) {
            throw failure(reply, quota);
        }
        JsonNode root = Json.parseReply(reply, provider);
        JsonNode content = root.path("content");
        if (!content.isArray()) {
            throw new TransientProviderException(provider + ": response has no content array (HTTP "
                    + reply.status() + ")", reply.status(), null);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(Json.text(block, "type"))) {
                text.append(Json.text(block, "text"));
            }
        }
        JsonNode usage = root.path("usage");
        long written = Json.count(usage, "cache_creation_input_tokens");
        long read = Json.count(usage, "cache_read_input_tokens");
        TokenUsage tokens = new TokenUsage(Json.count(usage, "input_tokens") + written + read,
                Json.count(usage, "output_tokens"), read);
        String stop = Json.text(root, "stop_reason");
        String model = Json.text(root, "model");
        return new ChatResponse(text.toString(), model == null ? "" : model, tokens, written, finishReason(stop),
                stop == null ? "" : stop, "refusal".equals(stop) ? text.toString() : null, quota,
                reply.headers().get("request-id"));
    }

    /** The JSON of a successful reply (message batches); an error reply becomes the mapped exception. */
    public JsonNode requireSuccess(HttpReply reply) {
        if (!reply.isSuccess()) {
            throw failure(reply, RateLimitHeaders.anthropic(provider, reply.headers(), reply.receivedAt(), clock));
        }
        return Json.parseReply(reply, provider);
    }

    private RuntimeException failure(HttpReply reply, @Nullable RateLimitSnapshot quota) {
        JsonNode error = Json.tryParse(reply).path("error");
        String type = Json.text(error, "type");
        String message = reply.errorMessage(Json.text(error, "message"));
        String lower = message.toLowerCase(Locale.ROOT);
        boolean limitation = reply.status() == 400 && LIMITATION_PHRASES.stream().anyMatch(lower::contains);
        boolean spent = "billing_error".equals(type) || (reply.status() == 400 && lower.contains("spend limit"));
        return ErrorMapper.map(provider, new ProviderFailure(reply.status(), type, message, limitation, spent,
                ErrorMapper.headerRetryAfter(reply.headers(), clock, quota, false), quota, ErrorMapper.shouldRetry(reply.headers())), redactor);
    }

    private static FinishReason finishReason(@Nullable String stop) {
        if (stop == null) {
            return FinishReason.OTHER;
        }
        return switch (stop) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
