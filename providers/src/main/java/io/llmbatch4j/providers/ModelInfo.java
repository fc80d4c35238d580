package io.llmbatch4j.providers;

import io.llmbatch4j.core.TokenUsage;
import java.util.Objects;

/**
 * What the {@link ModelCatalog} knows about one model (or family of models): how to adapt a
 * request to it and what its tokens cost.
 *
 * @param provider {@code openai}, {@code anthropic}, {@code gemini} (OpenAI-compatible servers use {@code openai})
 * @param match the model name, or a prefix ending in {@code *} ({@code o3*}), or {@code *} for the
 *     provider's default
 * @param supportsTemperature false = never send temperature or top_p
 * @param supportsSystemRole false = fold the system text into the first user message
 * @param tokenParameter the output-cap field for OpenAI-compatible APIs
 * @param contextWindow input + output tokens the model accepts, 0 when unknown
 * @param defaultMaxOutputTokens the output cap sent when the request has none (Anthropic requires
 *     one), 0 = send none
 * @param minCacheTokens the smallest prompt prefix the provider will cache, 0 when unknown
 * @param inputPerMillion USD per million uncached input tokens
 * @param cachedInputPerMillion USD per million input tokens read from a cache
 * @param cacheWritePerMillion USD per million input tokens written to a cache (Anthropic)
 * @param outputPerMillion USD per million output tokens
 * @param batchDiscount share of the price taken off in the offline Batch API (0.5 = half price)
 */
public record ModelInfo(
        String provider,
        String match,
        boolean supportsTemperature,
        boolean supportsSystemRole,
        TokenParameter tokenParameter,
        long contextWindow,
        int defaultMaxOutputTokens,
        long minCacheTokens,
        double inputPerMillion,
        double cachedInputPerMillion,
        double cacheWritePerMillion,
        double outputPerMillion,
        double batchDiscount) {

    /**
     * Checks that provider, match and token parameter are present.
     *
     * @param provider the catalog section
     * @param match the model name, a prefix ending in {@code *}, or {@code *}
     * @param supportsTemperature whether temperature is sent
     * @param supportsSystemRole whether the system role is sent as such
     * @param tokenParameter the output-cap field
     * @param contextWindow input + output tokens the model accepts, 0 when unknown
     * @param defaultMaxOutputTokens the output cap sent when the request has none, 0 for none
     * @param minCacheTokens the smallest prefix the provider caches, 0 when unknown
     * @param inputPerMillion USD per million uncached input tokens
     * @param cachedInputPerMillion USD per million cached input tokens
     * @param cacheWritePerMillion USD per million input tokens written to a cache
     * @param outputPerMillion USD per million output tokens
     * @param batchDiscount share taken off in the offline Batch API
     */
    public ModelInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(tokenParameter, "tokenParameter");
    }

    /**
     * A permissive default for a model nobody described: everything supported, prices unknown (0).
     *
     * @param provider the catalog section
     * @param model the model's name
     * @return the entry
     */
    public static ModelInfo unknown(String provider, String model) {
        return new ModelInfo(provider, model, true, true, TokenParameter.MAX_COMPLETION_TOKENS, 0, 0, 0,
                0, 0, 0, 0, 0);
    }

    /**
     * The USD cost of {@code usage} at this model's prices: uncached input, cached input and
     * output each at their price, the batch discount applied when {@code batch}.
     *
     * @param cacheWriteTokens input tokens written to a cache (part of {@code usage.inputTokens()})
     * @param usage the tokens spent
     * @param batch whether the offline Batch API's discount applies
     * @return the cost in US dollars
     */
    public double cost(TokenUsage usage, long cacheWriteTokens, boolean batch) {
        long cached = usage.cachedInputTokens();
        long written = Math.min(cacheWriteTokens, usage.inputTokens() - cached);
        long plainInput = usage.inputTokens() - cached - written;
        double writePrice = cacheWritePerMillion > 0 ? cacheWritePerMillion : inputPerMillion;
        double usd = (plainInput * inputPerMillion + cached * cachedInputPerMillion + written * writePrice
                + usage.outputTokens() * outputPerMillion) / 1_000_000.0;
        return batch ? usd * (1.0 - batchDiscount) : usd;
    }

    /** {@return whether this entry is a prefix pattern ({@code o3*}) or the provider default ({@code *})} */
    public boolean isPattern() {
        return match.endsWith("*");
    }
}
