package io.llmbatch4j.providers.gemini.internal;

import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.gemini.GeminiCache;
import io.llmbatch4j.providers.internal.ChatClientBase;
import io.llmbatch4j.providers.internal.Json;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@code GeminiChatClient} behind {@link io.llmbatch4j.providers.gemini.GeminiChatClient}:
 * {@code generateContent} through the shared base, plus the {@code cachedContents} calls.
 */
public final class GeminiChat extends ChatClientBase<GeminiWire> {

    /**
     * A client over {@code transport}; the transport's owner closes it.
     *
     * @param transport the connection pool to use
     * @param config base URL, key, timeout and catalog
     */
    public GeminiChat(HttpTransport transport, ProviderConfig config) {
        super("GeminiChatClient", transport, config, GeminiWire::auth, GeminiWire::new);
    }

    /** {@code gcp.gemini} / {@code generate_content}, as OpenTelemetry names Gemini's calls. */
    @Override
    public CallTarget target(String model) {
        return new CallTarget(ModelCatalog.GEMINI_OTEL_NAME, GeminiWire.bareModel(model), CallTarget.GENERATE_CONTENT);
    }

    /** Creates an explicit context cache; see {@code GeminiChatClient.createCache}. */
    public Mono<GeminiCache> createCache(String model, @Nullable String systemInstruction, List<ChatMessage> contents,
            Duration ttl, @Nullable String displayName) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(contents, "contents");
        Objects.requireNonNull(ttl, "ttl");
        return Mono.defer(() -> exchange.send(HttpMethod.POST, GeminiWire.API + "/cachedContents",
                        Json.bytes(wire.cacheBody(model, systemInstruction, contents, ttl, displayName)))
                .map(wire::cache));
    }

    /** Reads a cache's state; see {@code GeminiChatClient.getCache}. */
    public Mono<GeminiCache> getCache(String name) {
        return Mono.defer(() -> exchange.send(HttpMethod.GET, GeminiWire.API + "/" + GeminiWire.cachePath(name), null)
                .map(wire::cache));
    }

    /** Deletes a cache; see {@code GeminiChatClient.deleteCache}. */
    public Mono<Void> deleteCache(String name) {
        return Mono.defer(() -> exchange.send(HttpMethod.DELETE, GeminiWire.API + "/" + GeminiWire.cachePath(name), null)
                .map(wire::requireSuccess)).then();
    }
}
