package io.llmbatch4j.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The provider answered "too many requests" (HTTP 429 and equivalents). */
public class RateLimitException extends LLMException {

    /** The delay the provider asked for, or {@code null}. */
    private final @Nullable Duration retryAfter;
    /** The quota headers of the 429, or {@code null}. */
    private final @Nullable RateLimitSnapshot rateLimit;

    /**
     * A rate limit without retry-after.
     *
     * @param message the provider's words
     */
    public RateLimitException(String message) {
        this(message, null, null, TokenUsage.ZERO);
    }

    /**
     * A rate limit.
     *
     * @param message the provider's words
     * @param retryAfter the delay the provider asked for, or {@code null}
     */
    public RateLimitException(String message, @Nullable Duration retryAfter) {
        this(message, retryAfter, null, TokenUsage.ZERO);
    }

    /**
     * A rate limit that spent tokens or has a cause.
     *
     * @param message the provider's words
     * @param retryAfter the delay the provider asked for, or {@code null}
     * @param cause the underlying exception, or {@code null}
     * @param usage the tokens the call spent
     */
    public RateLimitException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause,
            TokenUsage usage) {
        this(message, retryAfter, cause, usage, null);
    }

    /**
     * With the quota headers that came with the 429, for observers and autoscaling.
     *
     * @param message the provider's words
     * @param retryAfter the delay the provider asked for, or {@code null}
     * @param cause the underlying exception, or {@code null}
     * @param usage the tokens the call spent
     * @param rateLimit the quota headers, or {@code null}
     */
    public RateLimitException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause,
            TokenUsage usage, @Nullable RateLimitSnapshot rateLimit) {
        super(message, cause, usage);
        this.rateLimit = rateLimit;
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative (was " + retryAfter + ")");
        }
        this.retryAfter = retryAfter;
    }

    /** {@return the delay the provider asked for, if it said one} */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** {@return the quota headers that came with the 429, if the provider sent any} */
    public @Nullable RateLimitSnapshot rateLimit() {
        return rateLimit;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.RATE_LIMIT;
    }
}
