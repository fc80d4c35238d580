package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** A failure worth retrying after a backoff: 5xx, overloaded, connection reset. */
public class TransientProviderException extends LLMException {

    /** The HTTP status, or 0. */
    private final int statusCode;

    /**
     * A transient failure without an HTTP status.
     *
     * @param message what happened
     */
    public TransientProviderException(String message) {
        this(message, 0, null);
    }

    /**
     * @param message what happened
     * @param cause the underlying exception, or {@code null}
     * @param statusCode the HTTP status, or 0 when there was no response
     */
    public TransientProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
        this.statusCode = statusCode;
    }

    /** {@return the HTTP status, or 0 when there was no response} */
    public int statusCode() {
        return statusCode;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.TRANSIENT;
    }
}
