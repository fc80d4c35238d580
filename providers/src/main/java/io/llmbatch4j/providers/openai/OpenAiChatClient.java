package io.llmbatch4j.providers.openai;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.internal.OpenAiWire;
import io.llmbatch4j.providers.internal.JsonExchange;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}) and every server that speaks it
 * (Groq, kluster.ai, vLLM: set {@link ProviderConfig.Builder#baseUrl}).
 *
 * <p>Requests are adapted from the {@link ModelCatalog}: the output cap goes in the catalog's
 * token parameter ({@code max_completion_tokens} by default), temperature is dropped for models
 * that refuse it, and system text is folded into the first user message for models without the
 * system role. Structured output is sent as {@code response_format: json_schema}.
 *
 * <p>Usage: {@code prompt_tokens} (cached included) → input, {@code cached_tokens} → cached input,
 * {@code completion_tokens} (reasoning included) → output. Quota headers ({@code x-ratelimit-*})
 * come back on every response as a {@link io.llmbatch4j.core.RateLimitSnapshot}. A 429 becomes a
 * {@link io.llmbatch4j.core.RateLimitException} whose retry-after is taken from
 * {@code retry-after-ms}, else {@code retry-after}, else the exhausted window's reset; a 429
 * {@code insufficient_quota} or "Request too large" is permanent. Thread-safe.
 */
public final class OpenAiChatClient implements ChatClient {

    private final ProviderConfig config;
    private final JsonExchange exchange;
    private final OpenAiWire wire;

    private OpenAiChatClient(HttpTransport transport, ProviderConfig config) {
        this.config = config;
        this.exchange = new JsonExchange(transport, config, OpenAiWire.auth(config));
        this.wire = new OpenAiWire(config.provider(), exchange.redactor(), config.clock());
    }

    /** A client over {@code transport}; the transport's owner closes it. */
    public static OpenAiChatClient create(HttpTransport transport, ProviderConfig config) {
        return new OpenAiChatClient(Objects.requireNonNull(transport, "transport"),
                Objects.requireNonNull(config, "config"));
    }

    @Override
    public String provider() {
        return config.provider();
    }

    @Override
    public ModelCatalog catalog() {
        return config.catalog();
    }

    public ProviderConfig config() {
        return config;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return wire.chat(exchange, config, Objects.requireNonNull(request, "request"));
    }

    @Override
    public String toString() {
        return "OpenAiChatClient[" + config + "]";
    }
}
