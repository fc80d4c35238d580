package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** A failure worth retrying after a backoff: 5xx, overloaded, connection reset. */
public class TransientProviderException extends LLMException {

    private final int statusCode;

    public TransientProviderException(String message) {
        this(message, 0, null);
    }

    /** @param statusCode the HTTP status, or 0 when there was no response */
    public TransientProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
        this.statusCode = statusCode;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int statusCode() {
        return statusCode;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.TRANSIENT;
    }
}
