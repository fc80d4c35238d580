package io.llmbatch4j.core;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What happened during processing, as immutable records delivered to
 * {@link ProcessingObserver}s. Times come from the processor's scheduler clock.
 *
 * <p>Pairing (the contract of OkHttp's {@code EventListener}): every {@link BatchStarted} gets
 * exactly one {@link BatchCompleted}; every {@link ItemStarted} exactly one {@link ItemSucceeded}
 * or {@link ItemFailed}, emitted after the item's {@code afterProcess} middleware (a journal write)
 * has run; every {@link AttemptStarted} exactly one {@link AttemptEnded}; every
 * {@link CooldownStarted} exactly one {@link CooldownEnded}. Retries repeat the attempt pair
 * inside the item pair, announced by {@link ItemRetrying}. Events of one item arrive in order.
 */
public sealed interface ProcessingEvent {

    /** {@return when it happened, by the processor's scheduler clock} */
    Instant time();

    /** A run began. */
    record BatchStarted(Instant time, String runId, int maxWorkers) implements ProcessingEvent {}

    /** A run ended, however it ended. */
    record BatchCompleted(Instant time, String runId, long succeeded, long failed, TokenUsage usage,
            Duration duration) implements ProcessingEvent {}

    /** An item was taken from the source. */
    record ItemStarted(Instant time, String runId, String itemId) implements ProcessingEvent {}

    /** A call of the strategy began (a worker was granted). */
    record AttemptStarted(Instant time, String runId, String itemId, int attempt) implements ProcessingEvent {}

    /**
     * A call of the strategy ended; {@code error} is null on success. A call cancelled while it
     * ran (the run cancelled or closed, the item's deadline, fail-fast, a batch deadline in
     * cancel mode) ends too: its {@code error} is the reason the item was stopped
     * ({@link ErrorKind#CANCELLED}, {@link ErrorKind#ITEM_DEADLINE_EXCEEDED}, ...) with zero usage.
     *
     * @param usage the tokens this call spent (a failed call's when its exception carried them)
     * @param model the model that answered ({@link LLMResponse#model()}), null on failure or when unknown
     * @param target what the strategy said it calls ({@link LLMCallStrategy#describe}), or null
     * @param rateLimit the provider's quota headers on the answer or on the 429
     *     ({@link LLMResponse#rateLimit()}, {@link RateLimitException#rateLimit()}), or null
     */
    record AttemptEnded(Instant time, String runId, String itemId, int attempt, Duration duration,
            TokenUsage usage, @Nullable String model, @Nullable ErrorInfo error, @Nullable CallTarget target,
            @Nullable RateLimitSnapshot rateLimit) implements ProcessingEvent {

        /**
         * Without target and quota snapshot.
         *
         * @param time when the attempt ended
         * @param runId the run's id
         * @param itemId the item's id
         * @param attempt the attempt's number
         * @param duration how long the call took
         * @param usage tokens the call spent
         * @param model the model that answered, or {@code null}
         * @param error why it failed, or {@code null}
         */
        public AttemptEnded(Instant time, String runId, String itemId, int attempt, Duration duration,
                TokenUsage usage, @Nullable String model, @Nullable ErrorInfo error) {
            this(time, runId, itemId, attempt, duration, usage, model, error, null, null);
        }

        /** {@return the provider's name: the target's, else the quota snapshot's, else {@code null}} */
        public @Nullable String provider() {
            if (target != null) {
                return target.provider();
            }
            return rateLimit == null ? null : rateLimit.provider();
        }
    }

    /** An item will be tried again, after {@code backoff} (zero for rate limits and validation). */
    record ItemRetrying(Instant time, String runId, String itemId, int nextAttempt, ErrorInfo error,
            Duration backoff) implements ProcessingEvent {}

    /** An item succeeded. */
    record ItemSucceeded(Instant time, String runId, String itemId, int attempts, TokenUsage usage,
            Duration duration, @Nullable String model) implements ProcessingEvent {}

    /** An item failed for good. */
    record ItemFailed(Instant time, String runId, String itemId, int attempts, ErrorInfo error, TokenUsage usage,
            Duration duration) implements ProcessingEvent {}

    /** A call was answered with a rate limit. */
    record RateLimited(Instant time, String runId, String itemId, @Nullable Duration retryAfter)
            implements ProcessingEvent {}

    /** Every worker pauses for {@code duration}; {@code consecutive} counts rate limits without a success between. */
    record CooldownStarted(Instant time, Duration duration, int consecutive) implements ProcessingEvent {}

    /** The pause ended (calls now resume gradually); {@code duration} is how long it really lasted. */
    record CooldownEnded(Instant time, Duration duration) implements ProcessingEvent {}

    /**
     * Fail-fast aborted a run: {@code itemId}'s {@code error} matched the fail-fast rules. Exactly
     * one per aborted run, before the aborted items' {@link ItemFailed} events.
     */
    record RunAborted(Instant time, String runId, String itemId, ErrorInfo error) implements ProcessingEvent {}

    /** A run's batch deadline passed; at most one per run. */
    record BatchDeadlineReached(Instant time, String runId, BatchDeadlineMode mode) implements ProcessingEvent {}

    /** The post-processor failed or ran past its timeout for an item (the item's result stands). */
    record PostProcessFailed(Instant time, String runId, String itemId, String error) implements ProcessingEvent {}

    /** The worker limit changed; {@code reason} says who changed it. */
    record WorkersChanged(Instant time, int previous, int current, String reason) implements ProcessingEvent {}
}
