package io.llmbatch4j.providers;

import io.llmbatch4j.core.CallTarget;
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

    /**
     * {@return the provider's name as used in metrics and the catalog: {@code openai}, {@code anthropic},
     * {@code gemini}}
     */
    String provider();

    /** {@return the catalog this client adapts requests with} */
    ModelCatalog catalog();

    /**
     * Sends one chat request.
     *
     * @param request the request, adapted to the model by the catalog
     * @return the answer; lazy and cold, one HTTP exchange per subscription
     */
    Mono<ChatResponse> chat(ChatRequest request);

    /**
     * What a call of {@code model} goes to, in OpenTelemetry's names ({@code gen_ai.provider.name},
     * {@code gen_ai.operation.name}); strategies return it from
     * {@link io.llmbatch4j.core.LLMCallStrategy#describe}, so metrics and cost see every attempt,
     * failed ones included. {@link ModelCatalog#resolve} accepts these provider names too.
     *
     * @param model the model the call asks for
     * @return the call's target
     */
    default CallTarget target(String model) {
        return CallTarget.chat(provider(), model);
    }
}
