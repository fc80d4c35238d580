package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** A failure worth retrying after a backoff: 5xx, overloaded, connection reset. */
public class TransientProviderException extends ProviderException {

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
     * @param statusCode the HTTP status, or 0 when there was no HTTP response
     * @param cause the underlying exception, or {@code null}
     */
    public TransientProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, statusCode, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.TRANSIENT;
    }
}
