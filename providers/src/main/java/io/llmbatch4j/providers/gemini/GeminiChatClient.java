package io.llmbatch4j.providers.gemini;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ForwardingChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.gemini.internal.GeminiChat;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Gemini Developer API: {@code POST /v1beta/models/{model}:generateContent} and explicit context
 * caches ({@code /v1beta/cachedContents}), authenticated with {@code x-goog-api-key}.
 *
 * <p>System messages become {@code systemInstruction}; assistant turns use Gemini's {@code model}
 * role; structured output is sent as {@code responseMimeType: application/json} with the schema in
 * {@code responseJsonSchema}. With {@link ChatRequest#cachedContent()} set the request must carry
 * no system message (Gemini keeps it in the cache and refuses both).
 *
 * <p>Usage: {@code promptTokenCount} (cached included) → input, {@code cachedContentTokenCount} →
 * cached input, {@code candidatesTokenCount + thoughtsTokenCount} → output. A 429
 * {@code RESOURCE_EXHAUSTED} takes its retry-after from the body's {@code RetryInfo.retryDelay};
 * a per-day quota ({@code quotaId} containing {@code PerDay}) is permanent for the run. A blocked
 * prompt answers with empty text and {@link io.llmbatch4j.providers.FinishReason#CONTENT_FILTER}.
 * {@link #target(String)} names the calls {@code gcp.gemini} / {@code generate_content}, as
 * OpenTelemetry does. Thread-safe.
 */
public final class GeminiChatClient extends ForwardingChatClient {

    private final GeminiChat chat;

    private GeminiChatClient(GeminiChat chat) {
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
    public static GeminiChatClient create(HttpTransport transport, ProviderConfig config) {
        return new GeminiChatClient(new GeminiChat(transport, config));
    }

    /** {@return where and how this client calls (never shows the key)} */
    public ProviderConfig config() {
        return chat.config();
    }

    /**
     * Creates an explicit context cache holding {@code systemInstruction} and {@code contents}
     * for {@code ttl}. The provider refuses caches below the model's minimum size (see the
     * catalog's {@code minCacheTokens}) with a permanent error. Delete it with
     * {@link #deleteCache(String)} when the run ends; it expires by itself after {@code ttl}.
     *
     * @param displayName a label shown in the provider's console, or null
     * @param model the model the cache is for
     * @param systemInstruction the instructions, or {@code null}
     * @param contents the cached conversation
     * @param ttl how long the provider keeps it
     * @return the cache
     */
    public Mono<GeminiCache> createCache(String model, @Nullable String systemInstruction, List<ChatMessage> contents,
            Duration ttl, @Nullable String displayName) {
        return chat.createCache(model, systemInstruction, contents, ttl, displayName);
    }

    /**
     * Reads a cache's state; a missing or expired cache is a permanent 404 error.
     *
     * @param name the cache's name, {@code cachedContents/...}
     * @return its state
     */
    public Mono<GeminiCache> getCache(String name) {
        return chat.getCache(name);
    }

    /**
     * Deletes a cache; completes empty when it is gone (deleting a missing cache is a permanent 404 error).
     *
     * @param name the cache's name, {@code cachedContents/...}
     * @return a {@code Mono} completing when it is deleted
     */
    public Mono<Void> deleteCache(String name) {
        return chat.deleteCache(name);
    }
}
