package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * How to call a model for one item.
 *
 * <p>Lifecycle, per run of a {@link ParallelBatchProcessor}: {@link #prepare()} is subscribed
 * exactly once per distinct strategy instance (by identity), before its first
 * {@link #execute}, however many items share it and however many workers race for it. A failed
 * {@code prepare()} is remembered: every item of that strategy fails with
 * {@link ErrorKind#PERMANENT} without calling {@code execute}, and other strategies go on.
 * {@link #cleanup()} is subscribed exactly once per strategy whose {@code prepare()} was started
 * and did not fail, when the run ends: on completion, on error and on cancellation.
 *
 * <p>{@code prepare()}, {@code onError()} and {@code cleanup()} are each bounded by
 * {@link ProcessorConfig#hookTimeout()}: past it they are cancelled and fail (a {@code prepare()}
 * fails its items, an {@code onError()} its item, a {@code cleanup()} is logged). What any method
 * throws, {@link Error}s such as {@code AssertionError} included, fails that item only.
 *
 * <p>A strategy instance is shared by many items at once, so it must keep no per-item fields.
 * Per-item memory (an escalation level, the last validation error) belongs in
 * {@link Attempt#state()}, which lives as long as the item.
 *
 * @param <T> the output type
 */
public interface LLMCallStrategy<T> {

    /**
     * Runs once per run before the first {@link #execute}; e.g. creates a provider-side cache.
     *
     * @return a {@code Mono} completing when the strategy is ready; an error fails every item of the run that
     *     uses this strategy
     */
    default Mono<Void> prepare() {
        return Mono.empty();
    }

    /**
     * Calls the model once. The returned {@code Mono} is cancelled when the attempt's timeout
     * ({@link Attempt#timeout()}) expires or the run is cancelled. Make the call on subscription,
     * not in this method: an attempt cancelled as it starts (a close racing it) never subscribes. Errors are classified by the
     * processor's {@link ErrorClassifier}; throw core's typed exceptions
     * ({@link RateLimitException}, {@link ValidationFailedException}, ...) to be explicit, and
     * attach the tokens a failed call spent so they are not lost.
     *
     * @param prompt the item's prompt (as middleware left it)
     * @param attempt which attempt this is, with the item's {@link Attempt#state()}
     * @return the response; subscribed once per attempt
     */
    Mono<LLMResponse<T>> execute(String prompt, Attempt attempt);

    /**
     * Called after every failed attempt, before the processor decides whether to retry, with the
     * attempt that failed. Lets a strategy adapt (escalate a model, remember validation feedback in
     * {@link Attempt#state()}). An error from this hook ends the item as {@link ErrorKind#PERMANENT}.
     *
     * @param error the failed attempt's error
     * @param attempt the attempt that failed
     * @return a {@code Mono} the processor waits for before deciding
     */
    default Mono<Void> onError(Throwable error, Attempt attempt) {
        return Mono.empty();
    }

    /**
     * The admission scope of a call of this strategy with {@code prompt}, typically the model it
     * calls, or {@code null} (the default) for none. Calls of one scope share that scope's
     * concurrency limit ({@link ProcessorConfig#scopeLimits()}), on top of {@code maxWorkers}.
     * Asked once per item; must be fast and must not throw.
     *
     * @param prompt the item's prompt
     * @return the scope key, or {@code null}
     */
    default @Nullable String scopeKey(String prompt) {
        return null;
    }

    /**
     * The answer to give instead of calling the model when {@link ProcessorConfig#dryRun()} is
     * set: same contract as {@link #execute}, but must not call any provider. The default answers
     * at once with a {@code null} output, zero usage and model {@code "dry-run"}.
     *
     * @param prompt the item's prompt
     * @param attempt which attempt this is
     * @return the response to use instead of the model's
     */
    default Mono<LLMResponse<T>> dryRun(String prompt, Attempt attempt) {
        return Mono.just(new LLMResponse<>(null, TokenUsage.ZERO, DRY_RUN_MODEL));
    }

    /** The model name of the default {@link #dryRun} answer. */
    String DRY_RUN_MODEL = "dry-run";

    /**
     * What {@code attempt} calls, for metrics and logs: the provider, the requested model and the
     * operation ({@link CallTarget}), or {@code null} (the default) when the strategy does not say.
     * Asked when each attempt starts, only when observers are registered, so a strategy that
     * escalates models can answer per attempt (from {@link Attempt#state()}). Must be fast and must
     * not throw (a throwing one is treated as {@code null}).
     *
     * @param attempt the attempt starting
     * @return the target, or {@code null}
     */
    default @Nullable CallTarget describe(Attempt attempt) {
        return null;
    }

    /**
     * Runs once at the end of a run for a prepared strategy; e.g. deletes a provider-side cache.
     *
     * @return a {@code Mono} completing when cleaned up; an error is logged
     */
    default Mono<Void> cleanup() {
        return Mono.empty();
    }
}
