package io.llmbatch4j.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A classified error, as recorded in a {@link WorkItemResult} and in events.
 *
 * @param kind the classification
 * @param message a human-readable message (never contains secrets: exceptions of this project
 *     never carry API keys)
 * @param errorType the simple class name of the underlying exception, for metrics tags
 * @param retryAfter the delay the provider asked for, if it said one
 * @param cause the underlying exception, if any
 */
public record ErrorInfo(ErrorKind kind, String message, String errorType, @Nullable Duration retryAfter,
        @Nullable Throwable cause) {

    /**
     * Checks that kind, message and type are present.
     *
     * @param kind the classification
     * @param message a human-readable message
     * @param errorType the simple class name of the underlying exception
     * @param retryAfter the delay the provider asked for, or {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public ErrorInfo {
        Objects.requireNonNull(kind, "ErrorInfo.kind");
        Objects.requireNonNull(message, "ErrorInfo.message");
        Objects.requireNonNull(errorType, "ErrorInfo.errorType");
    }

    /**
     * An error without an exception behind it.
     *
     * @param kind the classification
     * @param message a human-readable message
     * @return the error, its type the kind's name
     */
    public static ErrorInfo of(ErrorKind kind, String message) {
        return new ErrorInfo(kind, message, kind.name(), null, null);
    }

    /** Prints kind, type and message; never the cause's stack. */
    @Override
    public String toString() {
        return kind + " (" + errorType + "): " + message
                + (retryAfter == null ? "" : " [retryAfter=" + retryAfter + "]");
    }
}
