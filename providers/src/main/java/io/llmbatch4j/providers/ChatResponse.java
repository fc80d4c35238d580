package io.llmbatch4j.providers;

import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chat answer, in provider-neutral form.
 *
 * @param text the answer's text ({@code ""} when the provider sent none, e.g. after a refusal)
 * @param model the model that answered, as the provider names it
 * @param usage tokens spent, normalised: input includes cached input on every provider
 * @param cacheWriteTokens input tokens written to a prompt cache (Anthropic bills them at a premium;
 *     0 elsewhere)
 * @param finishReason why the model stopped
 * @param providerFinishReason the provider's own word for it ({@code end_turn}, {@code STOP}, ...)
 * @param refusal the model's refusal text when it declined (OpenAI {@code message.refusal}), or null
 * @param rateLimit the quota headers on this response, or null when there were none
 * @param requestId the provider's request id, for support tickets, or null
 */
public record ChatResponse(
        String text,
        String model,
        TokenUsage usage,
        long cacheWriteTokens,
        FinishReason finishReason,
        String providerFinishReason,
        @Nullable String refusal,
        @Nullable RateLimitSnapshot rateLimit,
        @Nullable String requestId) {

    /**
     * Checks that text, model, usage and finish reasons are present.
     *
     * @param text the answer's text
     * @param model the model that answered
     * @param usage tokens spent, normalised
     * @param cacheWriteTokens input tokens written to a prompt cache
     * @param finishReason why the model stopped
     * @param providerFinishReason the provider's own word for it
     * @param refusal the refusal text, or {@code null}
     * @param rateLimit the quota headers, or {@code null}
     * @param requestId the provider's request id, or {@code null}
     */
    public ChatResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(providerFinishReason, "providerFinishReason");
    }

    /**
     * This answer as the engine's response type, output = the text.
     *
     * @return the response
     */
    public LLMResponse<String> toLLMResponse() {
        return new LLMResponse<>(text, usage, model, rateLimit);
    }

    /** Names the model and counts, never the answer text. */
    @Override
    public String toString() {
        return "ChatResponse[model=" + model + ", chars=" + text.length() + ", usage=" + usage
                + ", finishReason=" + finishReason + (refusal != null ? ", refused" : "") + "]";
    }
}
