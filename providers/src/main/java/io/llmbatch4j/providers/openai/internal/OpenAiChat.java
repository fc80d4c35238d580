package io.llmbatch4j.providers.openai.internal;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.internal.ChatClientBase;

/** The OpenAiChatClient behind {@link io.llmbatch4j.providers.openai.OpenAiChatClient}. */
public final class OpenAiChat extends ChatClientBase<OpenAiWire> {

    /**
     * A client over {@code transport}; the transport's owner closes it.
     *
     * @param transport the connection pool to use
     * @param config base URL, key, timeout and catalog
     */
    public OpenAiChat(HttpTransport transport, ProviderConfig config) {
        super(transport, config, OpenAiWire::auth, OpenAiWire::new);
    }

    @Override
    public String toString() {
        return "OpenAiChatClient[" + config + "]";
    }
}
