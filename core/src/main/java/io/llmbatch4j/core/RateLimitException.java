package io.llmbatch4j.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The provider answered "too many requests" (HTTP 429 and equivalents). */
public class RateLimitException extends LLMException {

    private final @Nullable Duration retryAfter;

    public RateLimitException(String message) {
        this(message, null, null, TokenUsage.ZERO);
    }

    public RateLimitException(String message, @Nullable Duration retryAfter) {
        this(message, retryAfter, null, TokenUsage.ZERO);
    }

    public RateLimitException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause,
            TokenUsage usage) {
        super(message, cause, usage);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative (was " + retryAfter + ")");
        }
        this.retryAfter = retryAfter;
    }

    /** The delay the provider asked for, if it said one. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.RATE_LIMIT;
    }
}
