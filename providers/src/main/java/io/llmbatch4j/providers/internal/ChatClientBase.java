package io.llmbatch4j.providers.internal;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What the three chat clients share: the config, the authenticated exchange over the shared
 * transport, and the call through the provider's {@link ChatWire}. The public clients forward to
 * it ({@link io.llmbatch4j.providers.ForwardingChatClient}); a provider with calls of its own
 * (Gemini's caches) extends it in its {@code internal} package.
 */
public class ChatClientBase<W extends ChatWire> implements ChatClient {

    private final String name;
    protected final ProviderConfig config;
    protected final JsonExchange exchange;
    protected final W wire;

    /**
     * @param name the public client's name, for {@link #toString()}
     * @param transport the shared connection pool
     * @param config base URL, key, timeout and catalog
     * @param auth the provider's authentication headers for a config
     * @param wires makes the provider's wire
     */
    public ChatClientBase(String name, HttpTransport transport, ProviderConfig config,
            Function<ProviderConfig, Consumer<HttpHeaders>> auth, WireFactory<W> wires) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.exchange = new JsonExchange(Objects.requireNonNull(transport, "transport"), config, auth.apply(config));
        this.wire = wires.create(config.provider(), exchange.redactor(), config.clock());
    }

    @Override
    public String provider() {
        return config.provider();
    }

    @Override
    public ModelCatalog catalog() {
        return config.catalog();
    }

    /** Where and how this client calls (never shows the key). */
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return wire.chat(exchange, config, Objects.requireNonNull(request, "request"));
    }

    /** {@return the public client's name and the config, never the key} */
    @Override
    public String toString() {
        return name + "[" + config + "]";
    }
}
