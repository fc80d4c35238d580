package io.llmbatch4j.providers.openai.internal;

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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's JSON: request bodies out, responses and error bodies in (providers.md §1). */
public final class OpenAiWire implements ChatWire {

    /** 400 codes that mean "this model cannot do that" rather than "this request is wrong". */
    private static final Set<String> LIMITATION_CODES =
            Set.of("unsupported_parameter", "unsupported_value", "context_length_exceeded");

    /** The chat endpoint, also the {@code url} of every OpenAI batch line. */
    public static final String CHAT_PATH = "/v1/chat/completions";

    private final String provider;
    private final Redactor redactor;
    private final Clock clock;

    public OpenAiWire(String provider, Redactor redactor, Clock clock) {
        this.provider = provider;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Sets {@code Authorization: Bearer <key>}. */
    public static Consumer<HttpHeaders> auth(ProviderConfig config) {
        return h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + config.apiKey());
    }

    @Override
    public String chatPath(ChatRequest request) {
        return CHAT_PATH;
    }

    @Override
    public ObjectNode requestBody(ChatRequest request, Adaptation adapted) {
        ObjectNode body = Json.object();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : adapted.messages()) {
            messages.addObject().put("role", role(m.role())).put("content", m.text());
        }
        if (adapted.temperature() != null) {
            body.put("temperature", adapted.temperature());
        }
        if (adapted.maxOutputTokens() != null) {
            body.put(adapted.model().tokenParameter().wireName(), adapted.maxOutputTokens());
        }
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        if (request.responseSchema() != null) {
            ObjectNode schema = body.putObject("response_format").put("type", "json_schema")
                    .putObject("json_schema");
            schema.put("name", request.responseSchema().name());
            schema.put("strict", request.responseSchema().strict());
            schema.set("schema", request.responseSchema().schema());
        }
        if (request.cachedContent() != null) {
            throw new IllegalArgumentException("ChatRequest.cachedContent is a Gemini feature; "
                    + provider + " caches stable prompt prefixes automatically");
        }
        return body;
    }

    @Override
    public ChatResponse response(HttpReply reply) {
        RateLimitSnapshot quota = RateLimitHeaders.openAi(provider, reply.headers(), reply.receivedAt());
        if (!reply.isSuccess()) {
            throw failure(reply, quota);
        }
        JsonNode root = Json.parseReply(reply, provider);
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new TransientProviderException(provider + ": response has no choices[0].message (HTTP "
                    + reply.status() + ")", reply.status(), null);
        }
        String content = Json.text(message, "content");
        String refusal = Json.text(message, "refusal");
        String finish = Json.text(choice, "finish_reason");
        JsonNode usage = root.path("usage");
        long prompt = Json.count(usage, "prompt_tokens");
        long cached = Math.min(prompt, Json.count(usage.path("prompt_tokens_details"), "cached_tokens"));
        TokenUsage tokens = new TokenUsage(prompt, Json.count(usage, "completion_tokens"), cached);
        String model = Json.text(root, "model");
        return new ChatResponse(content == null ? "" : content, model == null ? "" : model, tokens, 0,
                refusal != null ? FinishReason.CONTENT_FILTER : finishReason(finish),
                finish == null ? "" : finish, refusal, quota, reply.headers().get("x-request-id"));
    }

    /** The JSON of a successful reply (files, batches); an error reply becomes the mapped exception. */
    public JsonNode requireSuccess(HttpReply reply) {
        if (!reply.isSuccess()) {
            throw failure(reply, RateLimitHeaders.openAi(provider, reply.headers(), reply.receivedAt()));
        }
        return Json.parseReply(reply, provider);
    }

    private RuntimeException failure(HttpReply reply, @Nullable RateLimitSnapshot quota) {
        JsonNode error = Json.tryParse(reply).path("error");
        String type = Json.text(error, "type");
        String code = Json.text(error, "code");
        String message = reply.errorMessage(Json.text(error, "message"));
        boolean limitation = reply.status() == 400 && code != null && LIMITATION_CODES.contains(code);
        boolean spent = "insufficient_quota".equals(code) || "insufficient_quota".equals(type)
                || (reply.status() == 429 && message.startsWith("Request too large for"));
        String errorType = code != null ? code : type;
        return ErrorMapper.map(provider, new ProviderFailure(reply.status(), errorType, message, limitation, spent,
                ErrorMapper.headerRetryAfter(reply.headers(), clock, quota, "tokens".equals(type)), quota, ErrorMapper.shouldRetry(reply.headers())), redactor);
    }

    private static String role(ChatMessage.Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }

    private static FinishReason finishReason(@Nullable String finish) {
        if (finish == null) {
            return FinishReason.OTHER;
        }
        return switch (finish) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
