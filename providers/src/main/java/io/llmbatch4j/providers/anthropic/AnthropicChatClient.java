package io.llmbatch4j.providers.anthropic;

import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.ForwardingChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.internal.AnthropicWire;
import io.llmbatch4j.providers.internal.ChatClientBase;

/**
 * Anthropic Messages ({@code POST /v1/messages}, {@code anthropic-version: 2023-06-01}).
 *
 * <p>System messages go to the top-level {@code system} field; one marked
 * {@link io.llmbatch4j.providers.ChatMessage#cached()} gets {@code cache_control: ephemeral}, so a
 * large shared context is written to the prompt cache once and read from it afterwards.
 * {@code max_tokens} is required by the API: when the request has none, the catalog's
 * {@code defaultMaxOutputTokens} is sent. A temperature above Anthropic's maximum of 1.0 (a
 * {@link io.llmbatch4j.providers.ChatRequest} allows up to 2, OpenAI's range) is sent as 1.0.
 * Structured output goes in {@code output_config.format}.
 *
 * <p>Usage is normalised to core's convention: Anthropic's {@code input_tokens} excludes cache
 * reads and writes, so input = {@code input_tokens + cache_creation_input_tokens +
 * cache_read_input_tokens}, cached input = {@code cache_read_input_tokens}, and the cache writes
 * are reported in {@link ChatResponse#cacheWriteTokens()}. 429 and 529 {@code overloaded_error}
 * are retryable (retry-after from {@code retry-after}, else the exhausted bucket's reset instant).
 * Thread-safe.
 */
public final class AnthropicChatClient extends ForwardingChatClient {

    /** The API version every official SDK sends. */
    public static final String API_VERSION = AnthropicWire.API_VERSION;

    private final ChatClientBase<AnthropicWire> chat;

    private AnthropicChatClient(ChatClientBase<AnthropicWire> chat) {
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
    public static AnthropicChatClient create(HttpTransport transport, ProviderConfig config) {
        return new AnthropicChatClient(
                new ChatClientBase<>("AnthropicChatClient", transport, config, AnthropicWire::auth, AnthropicWire::new));
    }

    /** {@return where and how this client calls (never shows the key)} */
    public ProviderConfig config() {
        return chat.config();
    }
}
