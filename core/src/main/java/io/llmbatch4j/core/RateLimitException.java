package io.llmbatch4j.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The provider answered "too many requests" (HTTP 429 and equivalents). */
public class RateLimitException extends LLMException {

    private final @Nullable Duration retryAfter;
    private final @Nullable RateLimitSnapshot rateLimit;

    public RateLimitException(String message) {
        this(message, null, null, TokenUsage.ZERO);
    }

    public RateLimitException(String message, @Nullable Duration retryAfter) {
        this(message, retryAfter, null, TokenUsage.ZERO);
    }

    public RateLimitException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause,
            TokenUsage usage) {
        this(message, retryAfter, cause, usage, null);
    }

    /** With the quota headers that came with the 429, for observers and autoscaling. */
    public RateLimitException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause,
            TokenUsage usage, @Nullable RateLimitSnapshot rateLimit) {
        super(message, cause, usage);
        this.rateLimit = rateLimit;
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative (was " + retryAfter + ")");
        }
        this.retryAfter = retryAfter;
    }

    /** The delay the provider asked for, if it said one. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The quota headers that came with the 429, if the provider sent any. */
    public @Nullable RateLimitSnapshot rateLimit() {
        return rateLimit;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.RATE_LIMIT;
    }
}
