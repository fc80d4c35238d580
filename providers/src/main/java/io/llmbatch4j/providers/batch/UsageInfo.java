package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.TokenUsage;

/**
 * Tokens a batch (or one of its items) spent, in the seed's words (004): prompt, completion,
 * total, and the cached part of the prompt. Prompt tokens include cached ones on every provider.
 */
public record UsageInfo(long promptTokens, long completionTokens, long totalTokens, long cachedPromptTokens) {

    public static final UsageInfo ZERO = new UsageInfo(0, 0, 0, 0);

    /** @throws IllegalArgumentException naming the negative field */
    public UsageInfo {
        check(promptTokens, "promptTokens");
        check(completionTokens, "completionTokens");
        check(totalTokens, "totalTokens");
        check(cachedPromptTokens, "cachedPromptTokens");
    }

    /** From core's usage; total = input + output. */
    public static UsageInfo of(TokenUsage usage) {
        return new UsageInfo(usage.inputTokens(), usage.outputTokens(), usage.total(), usage.cachedInputTokens());
    }

    public TokenUsage toTokenUsage() {
        return new TokenUsage(promptTokens, completionTokens, Math.min(promptTokens, cachedPromptTokens));
    }

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
