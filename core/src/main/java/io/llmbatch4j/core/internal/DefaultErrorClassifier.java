package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.RateLimitException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/** See {@link ErrorClassifier#defaults()}: type, then HTTP status, then message text. */
public final class DefaultErrorClassifier implements ErrorClassifier {

    public static final DefaultErrorClassifier INSTANCE = new DefaultErrorClassifier();

    private static final int MAX_CAUSE_DEPTH = 16;
    private static final Pattern RATE_LIMIT_TEXT = Pattern.compile(
            "(?i)\\b(429|too many requests|rate[ _-]?limit(ed|s)?|resource[ _]exhausted)\\b");
    private static final Pattern TIMEOUT_TEXT = Pattern.compile("(?i)\\b(timed? ?out|deadline[ _]exceeded)\\b");
    private static final Pattern TRANSIENT_TEXT = Pattern.compile(
            "(?i)\\b(500|502|503|504|529|overloaded|service unavailable|bad gateway|internal server error"
                    + "|connection (reset|refused|closed))\\b");
    private static final Pattern MODEL_LIMIT_TEXT = Pattern.compile(
            "(?i)(context[ _](length|window)|maximum context|prompt is too long)");

    private DefaultErrorClassifier() {}

    @Override
    public ErrorInfo classify(Throwable error) {
        Throwable root = Exceptions.unwrap(error);
        ErrorInfo byType = byType(root);
        if (byType != null) {
            return byType;
        }
        for (Throwable t = root; t != null; t = t.getCause()) {
            int status = HttpStatusProbe.statusOf(t);
            if (status > 0) {
                return info(byStatus(status), root, null);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (hasIoCause(root)) {
            return info(ErrorKind.TRANSIENT, root, null);
        }
        if (root instanceof NullPointerException || root instanceof IllegalArgumentException
                || root instanceof IllegalStateException || root instanceof ClassCastException
                || root instanceof UnsupportedOperationException || root instanceof Error) {
            return info(ErrorKind.PERMANENT, root, null);
        }
        return info(byText(String.valueOf(root.getMessage())), root, null);
    }

    private static @Nullable ErrorInfo byType(Throwable root) {
        int depth = 0;
        for (Throwable t = root; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof RateLimitException rle) {
                return info(ErrorKind.RATE_LIMIT, t, rle.retryAfter());
            }
            if (t instanceof LLMException llm) {
                return info(llm.kind(), t, null);
            }
            if (t instanceof TimeoutException) {
                return info(ErrorKind.TIMEOUT, t, null);
            }
        }
        return null;
    }

    private static boolean hasIoCause(Throwable root) {
        int depth = 0;
        for (Throwable t = root; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static ErrorKind byStatus(int status) {
        if (status == 429) {
            return ErrorKind.RATE_LIMIT;
        }
        if (status == 408 || status == 409 || status >= 500) {
            return ErrorKind.TRANSIENT;
        }
        return status >= 400 ? ErrorKind.PERMANENT : ErrorKind.TRANSIENT;
    }

    static ErrorKind byText(String message) {
        if (RATE_LIMIT_TEXT.matcher(message).find()) {
            return ErrorKind.RATE_LIMIT;
        }
        if (TIMEOUT_TEXT.matcher(message).find()) {
            return ErrorKind.TIMEOUT;
        }
        if (MODEL_LIMIT_TEXT.matcher(message).find()) {
            return ErrorKind.MODEL_LIMITATION;
        }
        if (TRANSIENT_TEXT.matcher(message).find()) {
            return ErrorKind.TRANSIENT;
        }
        return ErrorKind.TRANSIENT;
    }

    private static ErrorInfo info(ErrorKind kind, Throwable t, @Nullable Duration retryAfter) {
        String message = t.getMessage();
        return new ErrorInfo(kind, message == null ? t.getClass().getSimpleName() : message,
                t.getClass().getSimpleName(), retryAfter, t);
    }
}
