package io.llmbatch4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Base of the typed exceptions that providers and strategies throw. Each says its
 * {@link ErrorKind} and may carry the tokens the failed call still spent, so they count in the
 * item's usage. Messages must never contain API keys or other secrets.
 */
public abstract class LLMException extends RuntimeException {

    /** The tokens the failed call spent. */
    private final TokenUsage usage;

    /**
     * An exception of this project's kinds.
     *
     * @param message a human-readable message, without secrets
     * @param cause the underlying exception, or {@code null}
     * @param usage the tokens the failed call spent
     */
    protected LLMException(String message, @Nullable Throwable cause, TokenUsage usage) {
        super(message, cause);
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    /** {@return the classification this exception stands for} */
    public abstract ErrorKind kind();

    /** {@return the tokens spent by the failed call ({@link TokenUsage#ZERO} when none or unknown)} */
    public TokenUsage usage() {
        return usage;
    }
}
