package io.llmbatch4j.providers.anthropic.internal;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.internal.ChatClientBase;

/** The AnthropicChatClient behind {@link io.llmbatch4j.providers.anthropic.AnthropicChatClient}. */
public final class AnthropicChat extends ChatClientBase<AnthropicWire> {

    /**
     * A client over {@code transport}; the transport's owner closes it.
     *
     * @param transport the connection pool to use
     * @param config base URL, key, timeout and catalog
     */
    public AnthropicChat(HttpTransport transport, ProviderConfig config) {
        super(transport, config, AnthropicWire::auth, AnthropicWire::new);
    }

    @Override
    public String toString() {
        return "AnthropicChatClient[" + config + "]";
    }
}
