package io.llmbatch4j.core;

import java.util.Objects;

/**
 * A call of an {@link LLMCallPool} failed for good (after the retries its {@link RetryConfig}
 * allows). Carries the classified error and the tokens every attempt spent; the cause is the
 * underlying exception, if any.
 */
public class LLMCallFailedException extends RuntimeException {

    private final ErrorInfo error;
    private final TokenUsage usage;
    private final int attempts;

    public LLMCallFailedException(ErrorInfo error, TokenUsage usage, int attempts) {
        super(error.toString(), error.cause());
        this.error = Objects.requireNonNull(error, "error");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.attempts = attempts;
    }

    public ErrorInfo error() {
        return error;
    }

    public ErrorKind kind() {
        return error.kind();
    }

    /** Tokens spent by the call's attempts. */
    public TokenUsage usage() {
        return usage;
    }

    public int attempts() {
        return attempts;
    }
}
