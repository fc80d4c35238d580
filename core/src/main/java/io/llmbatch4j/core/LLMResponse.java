package io.llmbatch4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one successful strategy call produced.
 *
 * @param output the parsed output; may be {@code null} only if the strategy's type allows it
 * @param usage tokens this call spent (never null; {@link TokenUsage#ZERO} when unknown)
 * @param model the model that answered, or {@code null} when the strategy does not know it
 * @param rateLimit the provider's quota headers on this response, or {@code null} when there were none
 */
public record LLMResponse<T>(@Nullable T output, TokenUsage usage, @Nullable String model,
        @Nullable RateLimitSnapshot rateLimit) {

    /**
     * Checks that usage is present.
     *
     * @param output the parsed output
     * @param usage tokens this call spent
     * @param model the model that answered, or {@code null}
     * @param rateLimit the provider's quota headers, or {@code null}
     */
    public LLMResponse {
        Objects.requireNonNull(usage, "LLMResponse.usage must not be null (use TokenUsage.ZERO)");
    }

    /**
     * A response without quota information.
     *
     * @param output the parsed output
     * @param usage tokens this call spent
     * @param model the model that answered, or {@code null}
     */
    public LLMResponse(@Nullable T output, TokenUsage usage, @Nullable String model) {
        this(output, usage, model, null);
    }

    /**
     * This response with another output (a strategy parsing the raw text keeps usage, model and quota).
     *
     * @param newOutput the new output
     * @param <R> its type
     * @return the copy
     */
    public <R> LLMResponse<R> withOutput(@Nullable R newOutput) {
        return new LLMResponse<>(newOutput, usage, model, rateLimit);
    }

    /**
     * A response without usage figures or model name.
     *
     * @param output the output
     * @param <T> its type
     * @return the response
     */
    public static <T> LLMResponse<T> of(T output) {
        return new LLMResponse<>(output, TokenUsage.ZERO, null);
    }

    /**
     * A response with usage, without a model name.
     *
     * @param output the output
     * @param usage tokens the call spent
     * @param <T> its type
     * @return the response
     */
    public static <T> LLMResponse<T> of(T output, TokenUsage usage) {
        return new LLMResponse<>(output, usage, null);
    }
}
