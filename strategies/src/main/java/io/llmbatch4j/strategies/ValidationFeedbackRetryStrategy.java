package io.llmbatch4j.strategies;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.ForwardingCallStrategy;
import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.strategies.internal.Errors;
import io.llmbatch4j.strategies.internal.FeedbackPrompt;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Wraps a strategy so that a retry after a validation failure tells the model what to fix.
 *
 * <p>When an attempt of an item fails with a {@link ValidationFailedException} (anywhere in the
 * cause chain), {@link #onError} remembers it in the item's {@link Attempt#state()}. Every later
 * attempt of that item sends the item's prompt followed by feedback: the previous answer (cut to
 * {@code maxPreviousAnswerChars}), the fields that were right with their values, and each field
 * that failed with the reason. Failures of other kinds (network, timeout, rate limit) leave the
 * remembered feedback as it is, so a retry after a transient error still carries the last
 * validation feedback; a newer validation failure replaces it. The first attempt sends the prompt
 * unchanged.
 *
 * <p>Feedback makes retry prompts longer: they cost more input tokens than a plain retry.
 * {@code prepare}, {@code cleanup}, {@code scopeKey} and {@code dryRun} go to the wrapped
 * strategy, and so does every {@code onError}. Keeps no per-item fields: share one instance.
 *
 * @param <T> the output type
 */
public final class ValidationFeedbackRetryStrategy<T> extends ForwardingCallStrategy<T> {

    /** Default cap on the previous answer quoted back to the model. */
    public static final int DEFAULT_MAX_PREVIOUS_ANSWER_CHARS = 4_000;

    /** The last validation failure of the item (per item, in {@link Attempt#state()}). */
    public static final RetryState.Key<ValidationFailedException> LAST_FAILURE =
            RetryState.Key.of("validationFeedback.lastFailure");

    private final int maxPreviousAnswerChars;

    private ValidationFeedbackRetryStrategy(LLMCallStrategy<T> delegate, int maxPreviousAnswerChars) {
        super(delegate);
        this.maxPreviousAnswerChars = maxPreviousAnswerChars;
    }

    /**
     * {@code delegate} with feedback on retries, quoting at most {@link #DEFAULT_MAX_PREVIOUS_ANSWER_CHARS}.
     *
     * @param delegate the strategy whose prompts get the feedback
     * @param <T> the output type
     * @return the wrapping strategy
     */
    public static <T> ValidationFeedbackRetryStrategy<T> wrap(LLMCallStrategy<T> delegate) {
        return wrap(delegate, DEFAULT_MAX_PREVIOUS_ANSWER_CHARS);
    }

    /**
     * @param maxPreviousAnswerChars how much of the previous answer to quote; 0 = do not quote it
     * @param delegate the strategy whose prompts get the feedback
     * @param <T> the output type
     * @return the wrapping strategy
     * @throws io.llmbatch4j.core.InvalidConfigException when {@code maxPreviousAnswerChars} is negative
     */
    public static <T> ValidationFeedbackRetryStrategy<T> wrap(LLMCallStrategy<T> delegate, int maxPreviousAnswerChars) {
        new ConfigChecks("ValidationFeedbackRetryStrategy")
                .check(delegate != null, "delegate", "must not be null", delegate)
                .check(maxPreviousAnswerChars >= 0, "maxPreviousAnswerChars", "must be >= 0", maxPreviousAnswerChars)
                .throwIfAny();
        return new ValidationFeedbackRetryStrategy<>(delegate, maxPreviousAnswerChars);
    }

    /**
     * The prompt an attempt sends: {@code prompt}, plus feedback when the item failed validation before.
     *
     * @param prompt the item's prompt
     * @param attempt the attempt about to be made
     * @return the prompt to send
     */
    public String promptFor(String prompt, Attempt attempt) {
        ValidationFailedException last = attempt.state().get(LAST_FAILURE);
        return last == null ? prompt : FeedbackPrompt.of(prompt, last, maxPreviousAnswerChars);
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> delegate().execute(promptFor(prompt, attempt), attempt));
    }

    @Override
    public Mono<Void> onError(Throwable error, Attempt attempt) {
        ValidationFailedException failure = Errors.validationFailure(error);
        if (failure != null) {
            attempt.state().put(LAST_FAILURE, failure);
        }
        return super.onError(error, attempt);
    }

    @Override
    public Mono<LLMResponse<T>> dryRun(String prompt, Attempt attempt) {
        return super.dryRun(promptFor(prompt, attempt), attempt);
    }

    @Override
    public String toString() {
        return "ValidationFeedbackRetryStrategy[" + Objects.toString(delegate()) + "]";
    }
}
