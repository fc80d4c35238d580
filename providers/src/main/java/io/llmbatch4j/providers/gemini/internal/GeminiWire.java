package io.llmbatch4j.providers.gemini.internal;

import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.gemini.GeminiCache;
import io.llmbatch4j.providers.internal.Adaptation;
import io.llmbatch4j.providers.internal.Durations;
import io.llmbatch4j.providers.internal.ChatWire;
import io.llmbatch4j.providers.internal.ErrorMapper;
import io.llmbatch4j.providers.internal.ErrorMapper.ProviderFailure;
import io.llmbatch4j.providers.internal.HttpReply;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.providers.internal.Redactor;
import io.llmbatch4j.providers.ProviderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.function.Consumer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Gemini's JSON: request bodies out, responses, caches and error bodies in (providers.md §5). */
public final class GeminiWire implements ChatWire {

    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
            "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE");
    private static final Pattern CACHE_NAME = Pattern.compile("cachedContents/[A-Za-z0-9_.\\-]+");

    /** The API version prefix of every Developer API path. */
    public static final String API = "/v1beta";

    private final String provider;
    private final Redactor redactor;
    private final Clock clock;

    public GeminiWire(String provider, Redactor redactor, Clock clock) {
        this.provider = provider;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Sets {@code x-goog-api-key}. */
    public static Consumer<HttpHeaders> auth(ProviderConfig config) {
        return h -> h.set("x-goog-api-key", config.apiKey());
    }

    public static String bareModel(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    public static String cachePath(String name) {
        if (!CACHE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Gemini cache name must look like 'cachedContents/<id>' (was '"
                    + name + "')");
        }
        return name;
    }

    @Override
    public String chatPath(ChatRequest request) {
        return API + "/models/" + bareModel(request.model()) + ":generateContent";
    }

    @Override
    public String catalogModel(ChatRequest request) {
        return bareModel(request.model());
    }

    @Override
    public ObjectNode requestBody(ChatRequest request, Adaptation adapted) {
        ObjectNode body = Json.object();
        String system = adapted.systemText();
        if (request.cachedContent() != null) {
            if (system != null) {
                throw new IllegalArgumentException("ChatRequest has a system message and cachedContent; Gemini "
                        + "keeps the system instruction in the cache and refuses both");
            }
            body.put("cachedContent", request.cachedContent());
        } else if (system != null) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        }
        contents(body.putArray("contents"), adapted.turns());
        ObjectNode generation = Json.object();
        if (adapted.temperature() != null) {
            generation.put("temperature", adapted.temperature());
        }
        if (adapted.maxOutputTokens() != null) {
            generation.put("maxOutputTokens", adapted.maxOutputTokens());
        }
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = generation.putArray("stopSequences");
            request.stopSequences().forEach(stop::add);
        }
        if (request.responseSchema() != null) {
            generation.put("responseMimeType", "application/json");
            generation.set("responseJsonSchema", request.responseSchema().schema());
        }
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        return body;
    }

    public ObjectNode cacheBody(String model, @Nullable String system, List<ChatMessage> contents, Duration ttl,
            @Nullable String displayName) {
        ObjectNode body = Json.object();
        body.put("model", "models/" + bareModel(model));
        if (system != null) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        }
        contents(body.putArray("contents"), contents);
        body.put("ttl", protobufDuration(ttl));
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return body;
    }

    @Override
    public ChatResponse response(HttpReply reply) {
        JsonNode root = requireSuccess(reply);
        JsonNode candidate = root.path("candidates").path(0);
        JsonNode usage = root.path("usageMetadata");
        long prompt = Json.count(usage, "promptTokenCount");
        TokenUsage tokens = new TokenUsage(prompt,
                Json.count(usage, "candidatesTokenCount") + Json.count(usage, "thoughtsTokenCount"),
                Math.min(prompt, Json.count(usage, "cachedContentTokenCount")));
        String model = Json.text(root, "modelVersion");
        String requestId = Json.text(root, "responseId");
        if (!candidate.isObject()) {
            String blocked = Json.text(root.path("promptFeedback"), "blockReason");
            if (blocked == null) {
                throw new TransientProviderException(provider + ": response has no candidates (HTTP "
                        + reply.status() + ")", reply.status(), null);
            }
            return new ChatResponse("", model == null ? "" : model, tokens, 0, FinishReason.CONTENT_FILTER,
                    "blockReason:" + blocked, blocked, null, requestId);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false) && part.has("text")) {
                text.append(Json.text(part, "text"));
            }
        }
        String finish = Json.text(candidate, "finishReason");
        return new ChatResponse(text.toString(), model == null ? "" : model, tokens, 0, finishReason(finish),
                finish == null ? "" : finish, null, null, requestId);
    }

    public GeminiCache cache(HttpReply reply) {
        JsonNode root = requireSuccess(reply);
        String name = Json.text(root, "name");
        if (name == null) {
            throw new TransientProviderException(provider + ": cache response has no name", reply.status(), null);
        }
        String model = Json.text(root, "model");
        return new GeminiCache(name, model == null ? "" : model, instant(Json.text(root, "expireTime")),
                Json.count(root.path("usageMetadata"), "totalTokenCount"));
    }

    /** The body of a successful reply; an error reply becomes the mapped exception. */
    public JsonNode requireSuccess(HttpReply reply) {
        if (!reply.isSuccess()) {
            throw failure(reply);
        }
        return reply.body().length == 0 ? Json.object() : Json.parseReply(reply, provider);
    }

    private RuntimeException failure(HttpReply reply) {
        JsonNode error = Json.tryParse(reply).path("error");
        String status = Json.text(error, "status");
        String message = reply.errorMessage(Json.text(error, "message"));
        Duration retryAfter = null;
        boolean perDay = false;
        for (JsonNode detail : error.path("details")) {
            String type = String.valueOf(Json.text(detail, "@type"));
            if (type.endsWith("RetryInfo")) {
                retryAfter = Durations.go(Json.text(detail, "retryDelay"));
            } else if (type.endsWith("QuotaFailure")) {
                for (JsonNode violation : detail.path("violations")) {
                    perDay |= String.valueOf(Json.text(violation, "quotaId")).contains("PerDay");
                }
            }
        }
        if (retryAfter == null) {
            retryAfter = Durations.retryAfter(reply.headers().get("retry-after"), clock);
        }
        boolean limitation = reply.status() == 400
                && message.toLowerCase(Locale.ROOT).contains("exceeds the maximum number of tokens");
        return ErrorMapper.map(provider, new ProviderFailure(reply.status(), status, message, limitation, perDay,
                retryAfter, null, ErrorMapper.shouldRetry(reply.headers())), redactor);
    }

    private static void contents(ArrayNode out, List<ChatMessage> turns) {
        for (ChatMessage m : turns) {
            ObjectNode content = out.addObject().put("role", m.role() == ChatMessage.Role.ASSISTANT ? "model" : "user");
            content.putArray("parts").addObject().put("text", m.text());
        }
    }

    /** {@code 300s}, or {@code 1.5s} when the duration has a fraction of a second. */
    public static String protobufDuration(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() + "s"
                : java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static FinishReason finishReason(@Nullable String finish) {
        if (finish == null) {
            return FinishReason.OTHER;
        }
        if (finish.equals("STOP")) {
            return FinishReason.STOP;
        }
        if (finish.equals("MAX_TOKENS")) {
            return FinishReason.LENGTH;
        }
        return FILTERED.contains(finish) ? FinishReason.CONTENT_FILTER : FinishReason.OTHER;
    }
}
