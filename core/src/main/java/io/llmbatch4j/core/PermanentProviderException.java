package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** A failure that retrying cannot fix: bad request, authentication, unknown model. */
public class PermanentProviderException extends ProviderException {

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
     * @param statusCode the HTTP status, or 0 when there was no HTTP response
     * @param cause the underlying exception, or {@code null}
     */
    public PermanentProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, statusCode, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PERMANENT;
    }
}
