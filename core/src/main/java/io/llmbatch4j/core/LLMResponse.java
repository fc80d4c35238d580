package io.llmbatch4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one successful strategy call produced.
 *
 * @param output the parsed output; may be {@code null} only if the strategy's type allows it
 * @param usage tokens this call spent (never null; {@link TokenUsage#ZERO} when unknown)
 * @param model the model that answered, or {@code null} when the strategy does not know it
 */
public record LLMResponse<T>(@Nullable T output, TokenUsage usage, @Nullable String model) {

    public LLMResponse {
        Objects.requireNonNull(usage, "LLMResponse.usage must not be null (use TokenUsage.ZERO)");
    }

    /** A response without usage figures or model name. */
    public static <T> LLMResponse<T> of(T output) {
        return new LLMResponse<>(output, TokenUsage.ZERO, null);
    }

    /** A response with usage, without a model name. */
    public static <T> LLMResponse<T> of(T output, TokenUsage usage) {
        return new LLMResponse<>(output, usage, null);
    }
}
