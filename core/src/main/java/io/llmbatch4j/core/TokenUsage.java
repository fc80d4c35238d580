package io.llmbatch4j.core;

/**
 * Tokens spent by one call, one item or a whole run.
 *
 * <p>{@code inputTokens} includes {@code cachedInputTokens} (the OpenAI and Gemini convention;
 * provider clients normalise Anthropic's counts to it), so {@link #total()} never double-counts.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param outputTokens generated tokens, reasoning tokens included
 * @param cachedInputTokens the part of {@code inputTokens} served from a prompt cache
 */
public record TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens) {

    /** No tokens. */
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0);

    /**
     * @param inputTokens prompt tokens, cached ones included
     * @param outputTokens generated tokens
     * @param cachedInputTokens the part of {@code inputTokens} served from a cache
     * @throws IllegalArgumentException naming the field when a count is negative or the cached
     *     count exceeds the input count
     */
    public TokenUsage {
        requireNonNegative("inputTokens", inputTokens);
        requireNonNegative("outputTokens", outputTokens);
        requireNonNegative("cachedInputTokens", cachedInputTokens);
        if (cachedInputTokens > inputTokens) {
            throw new IllegalArgumentException("TokenUsage.cachedInputTokens (" + cachedInputTokens
                    + ") must not exceed inputTokens (" + inputTokens + ")");
        }
    }

    /**
     * Usage without cached tokens.
     *
     * @param inputTokens prompt tokens
     * @param outputTokens generated tokens
     * @return the usage, {@link #ZERO} when both are 0
     */
    public static TokenUsage of(long inputTokens, long outputTokens) {
        return inputTokens == 0 && outputTokens == 0 ? ZERO : new TokenUsage(inputTokens, outputTokens, 0);
    }

    /** {@return input plus output tokens} */
    public long total() {
        return inputTokens + outputTokens;
    }

    /**
     * The field-wise sum; returns {@code this} when {@code other} is zero.
     *
     * @param other the usage to add
     * @return the sum
     */
    public TokenUsage plus(TokenUsage other) {
        if (other.isZero()) {
            return this;
        }
        if (isZero()) {
            return other;
        }
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens);
    }

    /** {@return whether every count is zero} */
    public boolean isZero() {
        return inputTokens == 0 && outputTokens == 0 && cachedInputTokens == 0;
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("TokenUsage." + field + " must be >= 0 (was " + value + ")");
        }
    }
}
