package io.llmbatch4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider's quota state as its response headers reported it (OpenAI {@code x-ratelimit-*},
 * Anthropic {@code anthropic-ratelimit-*}); a field the provider did not send is {@code null}.
 *
 * <p>Provider clients attach one to every {@link LLMResponse} and {@link RateLimitException} they
 * build, so observers and autoscalers can see how close a run is to its limits.
 *
 * @param provider the provider's name, e.g. {@code "openai"}
 * @param observedAt when the response carrying the headers arrived
 * @param requestsLimit requests allowed in the provider's window
 * @param requestsRemaining requests left in the current window
 * @param requestsReset time until the request window resets
 * @param tokensLimit tokens allowed in the provider's window
 * @param tokensRemaining tokens left in the current window
 * @param tokensReset time until the token window resets
 */
public record RateLimitSnapshot(
        String provider,
        Instant observedAt,
        @Nullable Long requestsLimit,
        @Nullable Long requestsRemaining,
        @Nullable Duration requestsReset,
        @Nullable Long tokensLimit,
        @Nullable Long tokensRemaining,
        @Nullable Duration tokensReset) {

    /**
     * Checks that provider and time are present.
     *
     * @param provider the provider's name
     * @param observedAt when the response arrived
     * @param requestsLimit requests allowed in the window, or {@code null}
     * @param requestsRemaining requests left, or {@code null}
     * @param requestsReset time until the request window resets, or {@code null}
     * @param tokensLimit tokens allowed in the window, or {@code null}
     * @param tokensRemaining tokens left, or {@code null}
     * @param tokensReset time until the token window resets, or {@code null}
     */
    public RateLimitSnapshot {
        Objects.requireNonNull(provider, "RateLimitSnapshot.provider must not be null");
        Objects.requireNonNull(observedAt, "RateLimitSnapshot.observedAt must not be null");
    }

    /** {@return whether the headers said nothing about requests or tokens} */
    public boolean isEmpty() {
        return requestsLimit == null && requestsRemaining == null && requestsReset == null
                && tokensLimit == null && tokensRemaining == null && tokensReset == null;
    }

    /**
     * The smallest remaining share of either window, 0.0 (exhausted) to 1.0 (untouched), or
     * {@code null} when no limit/remaining pair was reported.
     *
     * @return the share, or {@code null}
     */
    public @Nullable Double remainingFraction() {
        Double requests = fraction(requestsRemaining, requestsLimit);
        Double tokens = fraction(tokensRemaining, tokensLimit);
        if (requests == null) {
            return tokens;
        }
        return tokens == null ? requests : Math.min(requests, tokens);
    }

    private static @Nullable Double fraction(@Nullable Long remaining, @Nullable Long limit) {
        if (remaining == null || limit == null || limit <= 0) {
            return null;
        }
        return Math.max(0.0, Math.min(1.0, (double) remaining / limit));
    }
}
