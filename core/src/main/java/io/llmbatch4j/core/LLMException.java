package io.llmbatch4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Base of the typed exceptions that providers and strategies throw. Each says its
 * {@link ErrorKind} and may carry the tokens the failed call still spent, so they count in the
 * item's usage. Messages must never contain API keys or other secrets.
 */
public abstract class LLMException extends RuntimeException {

    private final TokenUsage usage;

    protected LLMException(String message, @Nullable Throwable cause, TokenUsage usage) {
        super(message, cause);
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    /** The classification this exception stands for. */
    public abstract ErrorKind kind();

    /** Tokens spent by the failed call ({@link TokenUsage#ZERO} when none or unknown). */
    public TokenUsage usage() {
        return usage;
    }
}
