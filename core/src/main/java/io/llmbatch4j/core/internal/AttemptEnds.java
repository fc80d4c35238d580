package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;

/**
 * What the end of every attempt records, on the fast path and the slow one alike: the tokens it
 * spent (added to its item's usage), its budget reservation settled or refunded, the provider's
 * quota headers, the cooldown and AIMD, and the {@code AttemptEnded} (and {@code RateLimited})
 * events. Called by the attempt ({@link GatedAttemptMono}) exactly once per call it started,
 * before it returns its permits: succeeded, failed or cancelled.
 */
final class AttemptEnds {

    private AttemptEnds() {}

    /** The attempt answered. */
    static <T, C> void succeeded(ItemTask<T, C> task, LLMResponse<T> response) {
        if (task.tracksCall) {
            task.inCall = false;
        }
        Engine<T, C> engine = task.engine;
        task.usage = task.usage.plus(response.usage());
        engine.onCallSucceeded();
        if (engine.timeouts.adaptive()) {
            engine.timeouts.succeeded(engine.clock.nanoTime() - task.attemptStart);
        }
        QuotaBudget budget = engine.budget;
        QuotaBudget.Reservation r = task.reservation;
        if (budget != null && r != null) {
            task.reservation = null;
            budget.settle(r, response.usage().total());
            budget.observe(response.rateLimit(), task.attemptStart);
            budget.afterSettle();
        }
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptEnded(engine.clock.instant(), task.run.runId,
                    task.item.itemId(), task.number, engine.clock.since(task.attemptStart), response.usage(),
                    response.model(), null, task.target, response.rateLimit()));
        }
    }

    /** The attempt failed with {@code error}; returns its classification. */
    static <T, C> ErrorInfo failed(ItemTask<T, C> task, Throwable error, int attemptNumber) {
        if (task.tracksCall) {
            task.inCall = false;
        }
        Engine<T, C> engine = task.engine;
        ErrorInfo info = engine.classify(error);
        TokenUsage spent = usageOf(error);
        task.usage = task.usage.plus(spent);
        boolean rateLimited = info.kind() == ErrorKind.RATE_LIMIT;
        RateLimitSnapshot snapshot = RateLimitSignals.snapshotOf(error);
        QuotaBudget budget = engine.budget;
        QuotaBudget.Reservation r = task.reservation;
        if (budget != null && r != null) {
            task.reservation = null;
            if (rateLimited) {
                budget.refund(r);
            } else {
                budget.settle(r, spent.total());
                budget.afterSettle();
            }
            budget.observe(snapshot, task.attemptStart);
        }
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptEnded(engine.clock.instant(), task.run.runId,
                    task.item.itemId(), attemptNumber, engine.clock.since(task.attemptStart), spent, null, info,
                    task.target, snapshot));
        }
        if (rateLimited) {
            engine.onRateLimited(info.retryAfter(), task.attemptStart, RateLimitSignals.isBurst(error));
            if (engine.events.enabled()) {
                engine.events.publish(new ProcessingEvent.RateLimited(engine.clock.instant(), task.run.runId,
                        task.item.itemId(), info.retryAfter()));
            }
        }
        return info;
    }

    /**
     * The attempt was cancelled while its call ran (or as it was created): the item was stopped
     * with {@code reason}, which is the attempt's error. Its budget reservation is refunded by
     * the cancelled flow.
     */
    static <T, C> void cancelled(ItemTask<T, C> task, ErrorInfo reason) {
        if (task.tracksCall) {
            task.inCall = false;
        }
        Engine<T, C> engine = task.engine;
        if (engine.events.enabled()) {
            engine.events.publish(new ProcessingEvent.AttemptEnded(engine.clock.instant(), task.run.runId,
                    task.item.itemId(), task.number, engine.clock.since(task.attemptStart), TokenUsage.ZERO, null,
                    reason, task.target, null));
        }
    }


    private static TokenUsage usageOf(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof LLMException llm) {
                return llm.usage();
            }
        }
        return TokenUsage.ZERO;
    }
}
