package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.ModelLimitationException;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Turns a provider's error answer into core's typed exception. The provider parsers decide the
 * facts (status, the provider's error type, whether it is a model limitation or a spent quota,
 * the server's retry hint); this class applies the one policy all providers share
 * (providers.md §7.1): 429 → rate limit unless the quota is spent; 408, 409, 5xx and 529 →
 * transient; model limitations → MODEL_LIMITATION; other 4xx → permanent; an explicit
 * {@code x-should-retry} wins over the status.
 */
public final class ErrorMapper {

    private ErrorMapper() {}

    /**
     * @param failure what the provider said, already parsed
     * @param redactor applied to the message, so no key leaks
     */
    public static LLMException map(String provider, ProviderFailure failure, Redactor redactor) {
        int status = failure.status();
        String message = redactor.clean(provider + " " + status
                + (failure.errorType() == null ? "" : " " + failure.errorType())
                + ": " + (failure.message() == null ? "(no message)" : failure.message()));
        if (failure.modelLimitation()) {
            return new ModelLimitationException(message);
        }
        if (failure.quotaSpent()) {
            return new PermanentProviderException(message, status, null);
        }
        Boolean shouldRetry = failure.shouldRetry();
        if (status == 429 && !Boolean.FALSE.equals(shouldRetry)) {
            return rateLimit(message, failure.retryAfter(), failure.rateLimit());
        }
        boolean transientStatus = status == 408 || status == 409 || status == 429 || status >= 500;
        if (shouldRetry != null ? shouldRetry : transientStatus) {
            return new TransientProviderException(message, status, null);
        }
        return new PermanentProviderException(message, status, null);
    }

    /** The {@code x-should-retry} header: true, false, or null when absent or unreadable. */
    public static @Nullable Boolean shouldRetry(io.netty.handler.codec.http.HttpHeaders headers) {
        String v = headers.get("x-should-retry");
        if (v == null) {
            return null;
        }
        return v.trim().equalsIgnoreCase("true") ? Boolean.TRUE
                : v.trim().equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    /**
     * The server's retry hint from headers, in the SDKs' order: {@code retry-after-ms}, then
     * {@code retry-after} (seconds or HTTP date), then the reset of the exhausted quota window.
     *
     * @param tokensWindow true when the error said the token window is the one exhausted
     */
    public static @Nullable Duration headerRetryAfter(io.netty.handler.codec.http.HttpHeaders headers,
            java.time.Clock clock, @Nullable RateLimitSnapshot quota, boolean tokensWindow) {
        Duration d = Durations.millis(headers.get("retry-after-ms"));
        if (d == null) {
            d = Durations.retryAfter(headers.get("retry-after"), clock);
        }
        if (d == null && quota != null) {
            boolean tokens = tokensWindow || (quota.tokensRemaining() != null && quota.tokensRemaining() == 0);
            d = tokens ? quota.tokensReset() : quota.requestsReset();
        }
        return d;
    }

    private static RateLimitException rateLimit(String message, @Nullable Duration retryAfter,
            @Nullable RateLimitSnapshot snapshot) {
        return new RateLimitException(message, retryAfter, null, TokenUsage.ZERO, snapshot);
    }

    /**
     * The facts of one error answer.
     *
     * @param shouldRetry the {@code x-should-retry} header, or null when absent
     */
    public record ProviderFailure(int status, @Nullable String errorType, @Nullable String message,
            boolean modelLimitation, boolean quotaSpent, @Nullable Duration retryAfter,
            @Nullable RateLimitSnapshot rateLimit, @Nullable Boolean shouldRetry) {}
}
