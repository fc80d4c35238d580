package io.llmbatch4j.providers.openai;

import io.llmbatch4j.providers.ForwardingChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.internal.ChatClientBase;
import io.llmbatch4j.providers.openai.internal.OpenAiWire;

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
public final class OpenAiChatClient extends ForwardingChatClient {

    private final ChatClientBase<OpenAiWire> chat;

    private OpenAiChatClient(ChatClientBase<OpenAiWire> chat) {
        super(chat);
        this.chat = chat;
    }

    /**
     * A client over {@code transport}; the transport's owner closes it.
     *
     * @param transport the connection pool to use
     * @param config base URL, key, timeout and catalog
     * @return the client
     */
    public static OpenAiChatClient create(HttpTransport transport, ProviderConfig config) {
        return new OpenAiChatClient(
                new ChatClientBase<>("OpenAiChatClient", transport, config, OpenAiWire::auth, OpenAiWire::new));
    }

    /** {@return where and how this client calls (never shows the key)} */
    public ProviderConfig config() {
        return chat.config();
    }
}
