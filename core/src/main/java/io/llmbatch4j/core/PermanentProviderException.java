package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** A failure that retrying cannot fix: bad request, authentication, unknown model. */
public class PermanentProviderException extends LLMException {

    /** The HTTP status, or 0. */
    private final int statusCode;

    /**
     * A permanent failure without an HTTP status.
     *
     * @param message the provider's words
     */
    public PermanentProviderException(String message) {
        this(message, 0, null);
    }

    /**
     * @param message the provider's words
     * @param cause the underlying exception, or {@code null}
     * @param statusCode the HTTP status, or 0 when not from an HTTP response
     */
    public PermanentProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
        this.statusCode = statusCode;
    }

    /** {@return the HTTP status, or 0 when not from an HTTP response} */
    public int statusCode() {
        return statusCode;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PERMANENT;
    }
}
