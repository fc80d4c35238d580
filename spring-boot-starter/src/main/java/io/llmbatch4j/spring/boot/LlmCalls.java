package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.CallRejectedException;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.observers.GenAiTracing;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The application's door to the shared {@link LLMCallPool}: each call is traced ({@link GenAiTracing}: an
 * item span under the caller's span, a span per attempt) and refused once shutdown has begun, so the pool
 * can drain. Lazy and cancellable as {@link LLMCallPool#call}.
 *
 * <p>Strategies are wrapped for tracing once per instance and the wrapper kept: pass long-lived strategies
 * (beans, constants), not one made per request.
 */
public final class LlmCalls {

    private final LLMCallPool pool;
    private final GenAiTracing tracing;
    private final Map<LLMCallStrategy<?>, LLMCallStrategy<?>> traced = new ConcurrentHashMap<>();
    private volatile boolean admitting = true;

    /**
     * Calls through {@code pool}, traced by {@code tracing}.
     *
     * @param pool the shared pool
     * @param tracing the tracing ({@code GenAiTracing.create(ObservationRegistry.NOOP)} for none)
     */
    public LlmCalls(LLMCallPool pool, GenAiTracing tracing) {
        this.pool = pool;
        this.tracing = tracing;
    }

    /**
     * Calls {@code strategy} with {@code prompt} when subscribed.
     *
     * @param strategy how to call the model (a long-lived instance)
     * @param prompt the prompt
     * @param <T> the output type
     * @return the response; a {@link CallRejectedException} once shutdown has begun, else the pool's errors
     */
    @SuppressWarnings("unchecked")
    public <T> Mono<LLMResponse<T>> call(LLMCallStrategy<T> strategy, String prompt) {
        return Mono.defer(() -> {
            if (!admitting) {
                return Mono.error(new CallRejectedException("llmbatch4j is shutting down: no new calls"));
            }
            LLMCallStrategy<T> t = (LLMCallStrategy<T>) traced.computeIfAbsent(strategy, tracing::strategy);
            return tracing.call(pool, t, prompt);
        });
    }

    /** {@return whether new calls are accepted (false once shutdown has begun)} */
    public boolean admitting() {
        return admitting;
    }

    /** {@return the pool behind it} */
    public LLMCallPool pool() {
        return pool;
    }

    void stopAdmitting() {
        admitting = false;
    }
}
