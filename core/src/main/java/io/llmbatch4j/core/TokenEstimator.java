package io.llmbatch4j.core;

/**
 * Guesses how many tokens (prompt plus answer) a call of a prompt will spend, before the call,
 * for the tokens-per-minute budget ({@link RateLimitConfig#tokensPerMinute()}). The budget
 * corrects every guess with the call's real usage afterwards and scales later guesses by how far
 * off they were, so a rough estimator is enough. Must be fast and must not throw.
 */
@FunctionalInterface
public interface TokenEstimator {

    /**
     * Tokens the call of {@code prompt} is expected to spend; at least 1.
     *
     * @param prompt the item's prompt
     * @return the estimate, at least 1
     */
    long estimate(String prompt);

    /**
     * One token per started 4 characters of prompt, plus {@code expectedOutputTokens}: the usual
     * rule of thumb for English text.
     *
     * @param expectedOutputTokens tokens expected in the answer
     * @return the estimator
     */
    static TokenEstimator charsPerToken4(long expectedOutputTokens) {
        if (expectedOutputTokens < 0) {
            throw new IllegalArgumentException("expectedOutputTokens must be >= 0 (was " + expectedOutputTokens + ")");
        }
        return prompt -> Math.max(1, (prompt.length() + 3) / 4) + expectedOutputTokens;
    }
}
