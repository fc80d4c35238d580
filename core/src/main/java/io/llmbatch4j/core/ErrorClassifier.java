package io.llmbatch4j.core;

import io.llmbatch4j.core.internal.DefaultErrorClassifier;

/**
 * Turns an error into an {@link ErrorInfo}. Replaceable: set your own on the processor builder,
 * and delegate to {@link #defaults()} for what you don't handle.
 *
 * <p>The default looks, in this order, at: the typed exceptions of this package anywhere in the
 * cause chain ({@link LLMException#kind()}, with {@link RateLimitException#retryAfter()}); timeouts;
 * an HTTP status exposed by the exception (a {@code statusCode()}, {@code getStatusCode()} or
 * {@code getRawStatusCode()} method, as Spring's and most SDKs' exceptions have: 429 is a rate
 * limit, 408/409/5xx/529 transient, other 4xx permanent); I/O exceptions (transient); programming
 * errors such as {@link NullPointerException} (permanent); and only then the message text, matched
 * on word boundaries ("4290 tokens" is no 429). Anything else is {@link ErrorKind#TRANSIENT}, so it
 * gets the bounded retries.
 */
@FunctionalInterface
public interface ErrorClassifier {

    /**
     * Classifies {@code error}; must not throw and must not return {@code null}.
     *
     * @param error a strategy's error or an exception of its call
     * @return its kind, message, type and retry-after
     */
    ErrorInfo classify(Throwable error);

    /** {@return the default classifier described above} */
    static ErrorClassifier defaults() {
        return DefaultErrorClassifier.INSTANCE;
    }
}
