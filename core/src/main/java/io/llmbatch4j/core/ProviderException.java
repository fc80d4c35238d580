package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/**
 * A provider's failure that carries the HTTP status it came with: the common base of
 * {@link PermanentProviderException} (retrying cannot fix it) and {@link TransientProviderException}
 * (worth retrying after a backoff). The subclass decides the {@link #kind()}.
 */
public abstract class ProviderException extends LLMException {

    /** The HTTP status, or 0. */
    private final int statusCode;

    /**
     * @param message what happened, in the provider's words where it gave some
     * @param statusCode the HTTP status, or 0 when there was no HTTP response
     * @param cause the underlying exception, or {@code null}
     */
    protected ProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
        this.statusCode = statusCode;
    }

    /** {@return the HTTP status, or 0 when there was no HTTP response} */
    public int statusCode() {
        return statusCode;
    }
}
