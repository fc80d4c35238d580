package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** A failure that retrying cannot fix: bad request, authentication, unknown model. */
public class PermanentProviderException extends LLMException {

    private final int statusCode;

    public PermanentProviderException(String message) {
        this(message, 0, null);
    }

    /** @param statusCode the HTTP status, or 0 when not from an HTTP response */
    public PermanentProviderException(String message, int statusCode, @Nullable Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
        this.statusCode = statusCode;
    }

    /** The HTTP status, or 0 when not from an HTTP response. */
    public int statusCode() {
        return statusCode;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PERMANENT;
    }
}
