package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Records the start of every attempt's call ({@code AttemptStarted}) and its end, exactly once,
 * before its permits return: the budget reservation settled or refunded, the provider's quota
 * headers, the cooldown and AIMD ({@link CallFeedback}), the adaptive timeout's sample, and the
 * {@code AttemptEnded} (and {@code RateLimited}) events — for an answer, a failure and a cancelled
 * call alike. Holds no per-item state: the {@link AttemptLoop} passes what it owns.
 */
final class AttemptLedger {

    /** The attempt being recorded, as its loop knows it (the loop itself: no object per attempt). */
    interface Entry {
        String runId();

        String itemId();

        int number();

        long startNanos();

        @Nullable CallTarget target();

        /** The attempt's budget reservation, handed over (null when none or taken already). */
        QuotaBudget.@Nullable Reservation takeReservation();
    }

    private final EngineClock clock;
    private final EventDispatcher events;
    private final @Nullable QuotaBudget budget;
    private final CallFeedback feedback;
    private final AttemptTimeouts timeouts;

    AttemptLedger(EngineClock clock, EventDispatcher events, @Nullable QuotaBudget budget, CallFeedback feedback,
            AttemptTimeouts timeouts) {
        this.clock = clock;
        this.events = events;
        this.budget = budget;
        this.feedback = feedback;
        this.timeouts = timeouts;
    }

    /**
     * The attempt's call is being created: publishes {@code AttemptStarted} and returns what the
     * call targets when observers listen and the strategy says ({@code describe} failing is no
     * target), else null.
     */
    @Nullable CallTarget started(Entry e, LLMCallStrategy<?> strategy, Attempt attempt) {
        if (!events.enabled()) {
            return null;
        }
        CallTarget target;
        try {
            target = strategy.describe(attempt);
        } catch (Throwable t) {
            Faults.throwIfFatal(t);
            target = null;
        }
        events.publish(new ProcessingEvent.AttemptStarted(clock.instant(), e.runId(), e.itemId(), attempt.number()));
        return target;
    }

    /** The attempt answered. */
    void succeeded(Entry e, LLMResponse<?> response) {
        feedback.succeeded();
        if (timeouts.adaptive()) {
            timeouts.succeeded(clock.nanoTime() - e.startNanos());
        }
        QuotaBudget b = budget;
        QuotaBudget.Reservation r = b == null ? null : e.takeReservation();
        if (b != null && r != null) {
            b.settle(r, response.usage().total());
            b.observe(response.rateLimit(), e.startNanos());
            b.afterSettle();
        }
        if (events.enabled()) {
            events.publish(new ProcessingEvent.AttemptEnded(clock.instant(), e.runId(), e.itemId(), e.number(),
                    clock.since(e.startNanos()), response.usage(), response.model(), null, e.target(),
                    response.rateLimit()));
        }
    }

    /**
     * The attempt failed with {@code error}, classified {@code info}, having spent {@code spent};
     * {@code burst}: a 429 that leaves the quota windows open ({@link RateLimitSignals}).
     */
    void failed(Entry e, Throwable error, ErrorInfo info, TokenUsage spent, boolean burst) {
        boolean rateLimited = info.kind() == ErrorKind.RATE_LIMIT;
        RateLimitSnapshot snapshot = RateLimitSignals.snapshotOf(error);
        QuotaBudget b = budget;
        QuotaBudget.Reservation r = b == null ? null : e.takeReservation();
        if (b != null && r != null) {
            if (rateLimited) {
                b.refund(r);
            } else {
                b.settle(r, spent.total());
                b.afterSettle();
            }
            b.observe(snapshot, e.startNanos());
        }
        if (events.enabled()) {
            events.publish(new ProcessingEvent.AttemptEnded(clock.instant(), e.runId(), e.itemId(), e.number(),
                    clock.since(e.startNanos()), spent, null, info, e.target(), snapshot));
        }
        if (rateLimited) {
            feedback.rateLimited(info.retryAfter(), e.startNanos(), burst);
            if (events.enabled()) {
                events.publish(new ProcessingEvent.RateLimited(clock.instant(), e.runId(), e.itemId(),
                        info.retryAfter()));
            }
        }
    }

    /** The call was cancelled while it ran (or as it was created): {@code reason} is the attempt's error. */
    void cancelled(Entry e, ErrorInfo reason) {
        QuotaBudget b = budget;
        QuotaBudget.Reservation r = b == null ? null : e.takeReservation();
        if (b != null && r != null) {
            b.refund(r);
        }
        if (events.enabled()) {
            events.publish(new ProcessingEvent.AttemptEnded(clock.instant(), e.runId(), e.itemId(), e.number(),
                    clock.since(e.startNanos()), TokenUsage.ZERO, null, reason, e.target(), null));
        }
    }

    /** The tokens a failed call spent, when its error says. */
    static TokenUsage usageOf(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof LLMException llm) {
                return llm.usage();
            }
        }
        return TokenUsage.ZERO;
    }
}
