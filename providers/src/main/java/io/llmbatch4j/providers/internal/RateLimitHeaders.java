package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.RateLimitSnapshot;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads the quota headers of OpenAI ({@code x-ratelimit-*}) and Anthropic ({@code anthropic-ratelimit-*}). */
public final class RateLimitHeaders {

    private RateLimitHeaders() {}

    /** OpenAI: Go-duration resets; negative values (Azure) mean unknown. Null when no header was sent. */
    public static @Nullable RateLimitSnapshot openAi(String provider, HttpHeaders h, Instant at) {
        return snapshot(provider, at,
                number(h.get("x-ratelimit-limit-requests")), number(h.get("x-ratelimit-remaining-requests")),
                Durations.go(h.get("x-ratelimit-reset-requests")),
                number(h.get("x-ratelimit-limit-tokens")), number(h.get("x-ratelimit-remaining-tokens")),
                Durations.go(h.get("x-ratelimit-reset-tokens")));
    }

    /** Anthropic: RFC 3339 reset instants, turned into durations from {@code clock}. */
    public static @Nullable RateLimitSnapshot anthropic(String provider, HttpHeaders h, Instant at, Clock clock) {
        Function<String, @Nullable Duration> reset = name -> Durations.until(h.get(name), clock);
        return snapshot(provider, at,
                number(h.get("anthropic-ratelimit-requests-limit")),
                number(h.get("anthropic-ratelimit-requests-remaining")),
                reset.apply("anthropic-ratelimit-requests-reset"),
                number(h.get("anthropic-ratelimit-tokens-limit")),
                number(h.get("anthropic-ratelimit-tokens-remaining")),
                reset.apply("anthropic-ratelimit-tokens-reset"));
    }

    private static @Nullable RateLimitSnapshot snapshot(String provider, Instant at, @Nullable Long rl,
            @Nullable Long rr, @Nullable Duration rreset, @Nullable Long tl, @Nullable Long tr,
            @Nullable Duration treset) {
        RateLimitSnapshot s = new RateLimitSnapshot(provider, at, rl, rr, rreset, tl, tr, treset);
        return s.isEmpty() ? null : s;
    }

    private static @Nullable Long number(@Nullable String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long n = (long) Double.parseDouble(v.trim());
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
