package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.TokenUsage;

/**
 * Tokens a batch (or one of its items) spent, in the seed's words (004): prompt, completion,
 * total, and the cached part of the prompt. Prompt tokens include cached ones on every provider.
 */
public record UsageInfo(long promptTokens, long completionTokens, long totalTokens, long cachedPromptTokens) {

    /** No tokens. */
    public static final UsageInfo ZERO = new UsageInfo(0, 0, 0, 0);

    /**
     * @param promptTokens prompt tokens, cached ones included
     * @param completionTokens generated tokens
     * @param totalTokens prompt plus completion tokens
     * @param cachedPromptTokens the cached part of the prompt
     * @throws IllegalArgumentException naming the negative field
     */
    public UsageInfo {
        check(promptTokens, "promptTokens");
        check(completionTokens, "completionTokens");
        check(totalTokens, "totalTokens");
        check(cachedPromptTokens, "cachedPromptTokens");
    }

    /**
     * From core's usage; total = input + output.
     *
     * @param usage core's usage
     * @return the usage info
     */
    public static UsageInfo of(TokenUsage usage) {
        return new UsageInfo(usage.inputTokens(), usage.outputTokens(), usage.total(), usage.cachedInputTokens());
    }

    /** {@return core's usage for these counts} */
    public TokenUsage toTokenUsage() {
        return new TokenUsage(promptTokens, completionTokens, Math.min(promptTokens, cachedPromptTokens));
    }

    /**
     * The field-wise sum.
     *
     * @param other the usage to add
     * @return the sum
     */
    public UsageInfo plus(UsageInfo other) {
        return new UsageInfo(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens, cachedPromptTokens + other.cachedPromptTokens);
    }

    private static void check(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException("UsageInfo." + field + " must be >= 0 (was " + value + ")");
        }
    }
}
