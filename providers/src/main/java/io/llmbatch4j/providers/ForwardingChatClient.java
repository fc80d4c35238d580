package io.llmbatch4j.providers;

import io.llmbatch4j.core.CallTarget;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A chat client that forwards every method, the defaults and {@code toString()} included, to
 * another one: extend it and override only what a decorator changes (a header, a log line, a
 * different {@link #target}). Forwarding everything keeps the wrapped client's provider name,
 * catalog and call target, also for methods {@link ChatClient} gains later. The provider clients
 * ({@link io.llmbatch4j.providers.openai.OpenAiChatClient} and the others) are built this way
 * around their implementations.
 */
public abstract class ForwardingChatClient implements ChatClient {

    private final ChatClient delegate;

    /**
     * A client forwarding every method to {@code delegate}.
     *
     * @param delegate the wrapped client
     */
    protected ForwardingChatClient(ChatClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@return the wrapped client} */
    public ChatClient delegate() {
        return delegate;
    }

    @Override
    public String provider() {
        return delegate.provider();
    }

    @Override
    public ModelCatalog catalog() {
        return delegate.catalog();
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return delegate.chat(request);
    }

    @Override
    public CallTarget target(String model) {
        return delegate.target(model);
    }

    /** {@return the wrapped client's description} */
    @Override
    public String toString() {
        return delegate.toString();
    }
}
