package io.llmbatch4j.testkit;

import java.time.Duration;

/**
 * Requests and tokens each API key may use per fixed window. A window starts with the first request
 * after the previous one ended. A request that would exceed either budget gets the provider's 429
 * with a retry-after of the time left in the window; rejected requests use no budget. Tokens are
 * charged as prompt + answer tokens (see {@link FakeLlmServer} for the estimate).
 *
 * @param requestsPerWindow requests per window; {@code 0} = unlimited
 * @param tokensPerWindow   tokens per window; {@code 0} = unlimited
 * @param window            the window length, e.g. one minute; one second is handy in tests
 */
public record Quota(long requestsPerWindow, long tokensPerWindow, Duration window) {

    private static final Quota UNLIMITED = new Quota(0, 0, Duration.ofMinutes(1));

    /**
     * @param requestsPerWindow requests per window; {@code 0} = unlimited
     * @param tokensPerWindow tokens per window; {@code 0} = unlimited
     * @param window the window length
     * @throws IllegalArgumentException naming every bad field
     */
    public Quota {
        StringBuilder bad = new StringBuilder();
        if (requestsPerWindow < 0) {
            bad.append("quota.requestsPerWindow must be >= 0, 0 = unlimited (was ").append(requestsPerWindow).append("); ");
        }
        if (tokensPerWindow < 0) {
            bad.append("quota.tokensPerWindow must be >= 0, 0 = unlimited (was ").append(tokensPerWindow).append("); ");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            bad.append("quota.window must be a positive duration (was ").append(window).append("); ");
        }
        if (bad.length() > 0) {
            throw new IllegalArgumentException(bad.substring(0, bad.length() - 2));
        }
    }

    /** {@return no limit (the default); the rate-limit headers still show a large budget} */
    public static Quota unlimited() {
        return UNLIMITED;
    }

    /**
     * {@code requests} per minute, tokens unlimited.
     *
     * @param requests the requests per minute
     * @return the quota
     */
    public static Quota requestsPerMinute(long requests) {
        return new Quota(requests, 0, Duration.ofMinutes(1));
    }

    /**
     * A quota of {@code requestsPerWindow} requests and {@code tokensPerWindow} tokens per {@code window}.
     *
     * @param requestsPerWindow requests per window; {@code 0} = unlimited
     * @param tokensPerWindow tokens per window; {@code 0} = unlimited
     * @param window the window length
     * @return the quota
     */
    public static Quota of(long requestsPerWindow, long tokensPerWindow, Duration window) {
        return new Quota(requestsPerWindow, tokensPerWindow, window);
    }

    /** {@return whether neither requests nor tokens are limited} */
    public boolean isUnlimited() {
        return requestsPerWindow == 0 && tokensPerWindow == 0;
    }
}
