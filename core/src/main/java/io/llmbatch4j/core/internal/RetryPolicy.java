package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.RetryConfig;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where a retry is decided, and only here: after a failed attempt, {@link #decide} says whether
 * the item tries again and after what wait, or stops with which error. Pure: no Reactor, no
 * clock, no run state (a stopped run is checked by the caller, {@link AttemptLoop}); the only
 * input besides the arguments is the random number behind the jitter.
 *
 * <ul>
 *   <li>A kind not in {@link RetryConfig#retryOn()} stops with the attempt's error.</li>
 *   <li>{@link ErrorKind#RATE_LIMIT} retries while {@code rateLimitRetries < maxRateLimitRetries},
 *       without using an attempt: at once (the coordinated cooldown holds the gate), or, for a
 *       burst limit ({@link RateLimitSignals}), after its own retry-after (capped like a cooldown,
 *       default the cooldown's length), jittered.</li>
 *   <li>Any other retried kind retries while {@code number < maxAttempts}, after the backoff of
 *       the failed attempt, jittered (none for kinds in {@link RetryConfig#noBackoffOn()}).</li>
 *   <li>A budget used up stops with the last error, saying so: "rate-limit retries exhausted
 *       (10 of 10); last: ...".</li>
 * </ul>
 */
final class RetryPolicy {

    /** How many attempts an item made, counted separately for rate limits (which do not use attempts). */
    record Counts(int number, int rateLimitRetries) {
        static final Counts FIRST = new Counts(1, 0);

        /** The counts of the attempt after {@code retry}. */
        Counts after(Retry retry) {
            return retry.rateLimit() ? new Counts(number, rateLimitRetries + 1) : new Counts(number + 1, rateLimitRetries);
        }

        /** True for any attempt after the first: it queues ahead of first attempts at the gates. */
        boolean isRetry() {
            return number > 1 || rateLimitRetries > 0;
        }
    }

    /** What follows a failed attempt. */
    sealed interface Decision permits Retry, Stop {}

    /** Try again after {@code backoff}; {@code rateLimit}: the retry is a rate-limit retry. */
    record Retry(Duration backoff, boolean rateLimit) implements Decision {}

    /** The item ends with {@code error}. */
    record Stop(ErrorInfo error) implements Decision {}

    private final RetryConfig config;
    private final Duration defaultBurstWait;
    private final UnaryOperator<Duration> capRetryAfter;
    private final DoubleSupplier random;

    /**
     * @param defaultBurstWait the wait of a burst limit without a retry-after (the cooldown's length)
     * @param capRetryAfter bounds a retry-after the way the cooldown does ({@link Cooldown#cap})
     * @param random uniform in [0, 1), for the jitter
     */
    RetryPolicy(RetryConfig config, Duration defaultBurstWait, UnaryOperator<Duration> capRetryAfter,
            DoubleSupplier random) {
        this.config = config;
        this.defaultBurstWait = defaultBurstWait;
        this.capRetryAfter = capRetryAfter;
        this.random = random;
    }

    /** The decision after an attempt failed with {@code error}; {@code burst}: a burst 429. */
    Decision decide(ErrorInfo error, boolean burst, Counts counts) {
        Duration burstBase = null;
        if (burst && error.kind() == ErrorKind.RATE_LIMIT) {
            Duration after = error.retryAfter();
            burstBase = after == null ? defaultBurstWait : capRetryAfter.apply(after);
        }
        return decide(error, counts, config, burstBase, random.getAsDouble());
    }

    /**
     * The pure rule.
     *
     * @param burstBase the wait of a burst rate limit before jitter; null when the error is none
     * @param u uniform in [0, 1): the share of the jitter taken off
     */
    static Decision decide(ErrorInfo error, Counts counts, RetryConfig config, @Nullable Duration burstBase, double u) {
        if (!config.retryOn().contains(error.kind())) {
            return new Stop(error);
        }
        boolean rateLimited = error.kind() == ErrorKind.RATE_LIMIT;
        int used = rateLimited ? counts.rateLimitRetries() : counts.number();
        int budget = rateLimited ? config.maxRateLimitRetries() : config.maxAttempts();
        if (used >= budget) {
            return new Stop(exhausted(error, rateLimited, used, budget));
        }
        Duration backoff;
        if (rateLimited) {
            backoff = burstBase == null ? Duration.ZERO : jittered(burstBase, config.jitter(), u);
        } else if (config.noBackoffOn().contains(error.kind())) {
            backoff = Duration.ZERO;
        } else {
            backoff = jittered(config.backoffBeforeJitter(counts.number()), config.jitter(), u);
        }
        return new Retry(backoff, rateLimited);
    }

    /** {@code base} less the share {@code jitter * u} of itself. */
    static Duration jittered(Duration base, double jitter, double u) {
        return jitter == 0 ? base : Duration.ofNanos((long) (base.toNanos() * (1 - jitter * u)));
    }

    /**
     * The error of an item whose retry budget ran out: the last attempt's, saying which budget and
     * how much of it was used. Without a budget (no retries configured) nothing was exhausted: the
     * last error as it is.
     */
    static ErrorInfo exhausted(ErrorInfo last, boolean rateLimited, int used, int budget) {
        if (rateLimited ? budget == 0 : budget <= 1) {
            return last;
        }
        String what = rateLimited ? "rate-limit retries" : "attempts";
        return new ErrorInfo(last.kind(), what + " exhausted (" + used + " of " + budget + "); last: " + last.message(),
                last.errorType(), last.retryAfter(), last.cause());
    }
}
