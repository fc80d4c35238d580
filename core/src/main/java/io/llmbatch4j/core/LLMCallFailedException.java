package io.llmbatch4j.core;

import java.util.Objects;

/**
 * A call of an {@link LLMCallPool} failed for good (after the retries its {@link RetryConfig}
 * allows). Carries the classified error and the tokens every attempt spent; the cause is the
 * underlying exception, if any.
 */
public class LLMCallFailedException extends RuntimeException {

    /** How the call failed. */
    private final ErrorInfo error;
    /** The tokens the call's attempts spent. */
    private final TokenUsage usage;
    /** The attempts made. */
    private final int attempts;

    /**
     * A call that failed for good.
     *
     * @param error how it failed
     * @param usage the tokens its attempts spent
     * @param attempts the attempts made
     */
    public LLMCallFailedException(ErrorInfo error, TokenUsage usage, int attempts) {
        super(error.toString(), error.cause());
        this.error = Objects.requireNonNull(error, "error");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.attempts = attempts;
    }

    /** {@return how the call failed} */
    public ErrorInfo error() {
        return error;
    }

    /** {@return the kind of the failure} */
    public ErrorKind kind() {
        return error.kind();
    }

    /** {@return the tokens the call's attempts spent} */
    public TokenUsage usage() {
        return usage;
    }

    /** {@return the attempts made} */
    public int attempts() {
        return attempts;
    }
}
