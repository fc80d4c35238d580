package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.RateLimitSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * What a rate-limit error says about the quota. A 429 whose quota headers show at least
 * {@value #BURST_REMAINING_SHARE} of every reported window left is a <em>burst</em> limit (too many
 * requests at once, a concurrency or per-second limit in front of the quota): only its own item
 * waits for its retry-after, and no coordinated cooldown pauses the whole run. A 429 without quota
 * headers, or with a window nearly spent, means the quota is exhausted and starts the cooldown.
 */
final class RateLimitSignals {

    /** The smallest remaining share of every window for a 429 to count as a burst. */
    static final double BURST_REMAINING_SHARE = 0.1;

    private RateLimitSignals() {}

    /** {@return true when {@code error}'s quota headers show capacity left in every window} */
    static boolean isBurst(Throwable error) {
        RateLimitSnapshot snapshot = snapshotOf(error);
        Double left = snapshot == null ? null : snapshot.remainingFraction();
        return left != null && left >= BURST_REMAINING_SHARE;
    }

    /** {@return the quota headers of the first {@link RateLimitException} in {@code error}'s causes} */
    static @Nullable RateLimitSnapshot snapshotOf(@Nullable Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof RateLimitException rle) {
                return rle.rateLimit();
            }
        }
        return null;
    }
}
