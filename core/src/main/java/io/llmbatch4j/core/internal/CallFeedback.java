package io.llmbatch4j.core.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a call's outcome tells the shared parts: a success ends a streak of rate limits and feeds
 * the AIMD; a rate limit is counted and, unless it was a burst limit ({@link RateLimitSignals}),
 * which delays only its own item, may start the coordinated cooldown, which pauses the gate,
 * holds the budgets and shrinks the AIMD.
 */
final class CallFeedback {

    private final Cooldown cooldown;
    private final @Nullable QuotaBudget budget;
    private final @Nullable Aimd aimd;
    private final EngineStats stats;

    CallFeedback(Cooldown cooldown, @Nullable QuotaBudget budget, @Nullable Aimd aimd, EngineStats stats) {
        this.cooldown = cooldown;
        this.budget = budget;
        this.aimd = aimd;
        this.stats = stats;
    }

    void succeeded() {
        cooldown.onSuccess();
        Aimd a = aimd;
        if (a != null) {
            a.onSuccess();
        }
    }

    void rateLimited(@Nullable Duration retryAfter, long attemptStartNanos, boolean burst) {
        stats.rateLimits.increment();
        if (!burst && cooldown.onRateLimit(retryAfter, attemptStartNanos)) {
            QuotaBudget b = budget;
            if (b != null) {
                b.holdUntil(cooldown.endsAt());
            }
            Aimd a = aimd;
            if (a != null) {
                a.onCooldown();
            }
        }
    }
}
