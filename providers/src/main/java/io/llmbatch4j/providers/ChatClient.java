package io.llmbatch4j.providers;

import reactor.core.publisher.Mono;

/**
 * A chat endpoint of one provider.
 *
 * <p>{@link #chat} is lazy and cold: nothing is sent until subscription, and each subscription
 * sends one HTTP request (the processor's retries re-subscribe). Cancelling the subscription
 * closes the exchange. Failures are core's typed exceptions:
 * {@link io.llmbatch4j.core.RateLimitException} (with retry-after and the quota headers),
 * {@link io.llmbatch4j.core.TransientProviderException} (5xx, overload, connection errors,
 * timeouts, unreadable bodies), {@link io.llmbatch4j.core.ModelLimitationException} (a parameter,
 * role or context size the model refuses) and {@link io.llmbatch4j.core.PermanentProviderException}
 * (authentication, permission, unknown model, spent quota). Messages carry the provider's words,
 * never the API key.
 */
public interface ChatClient {

    /** The provider's name as used in metrics and the catalog: {@code openai}, {@code anthropic}, {@code gemini}. */
    String provider();

    /** The catalog this client adapts requests with. */
    ModelCatalog catalog();

    /** Sends one chat request. */
    Mono<ChatResponse> chat(ChatRequest request);
}
