package io.llmbatch4j.core;

import reactor.core.publisher.Mono;

/**
 * Hooks around each logical item (not each attempt), in the onion order:
 * {@link #beforeProcess} in registration order, {@link #afterProcess} in reverse.
 *
 * <ul>
 *   <li>{@code beforeProcess} runs once per item. It may pass the item on unchanged (an empty
 *       {@code Mono}, the default), replace it ({@link MiddlewareDecision#proceed(LLMWorkItem)}), or
 *       answer it without calling the strategy ({@link MiddlewareDecision#answer(WorkItemResult)}:
 *       a cache or journal hit). When one answers, later middleware's {@code beforeProcess} does not
 *       run, and {@code afterProcess} runs only for the middleware before it. An error fails the
 *       item as {@link ErrorKind#PERMANENT}.
 *   <li>{@code afterProcess} sees every result, success or failure, and may replace it (empty keeps
 *       it). An error is logged and the result kept: an answer already paid for is never thrown away.
 *       That includes items that end because the run stopped (cancelled, closed, a deadline,
 *       fail-fast): their work is cut and they come here with that error; an {@code afterProcess}
 *       that is already running when the run stops is not cut short.
 *   <li>{@code onRetry} runs before each retry with the attempt that failed; errors are logged.
 * </ul>
 * Each hook call is bounded by {@link ProcessorConfig#hookTimeout()}: one that has not completed
 * by then is cancelled and counts as an error of that hook. What a hook throws, {@link Error}s
 * included, is an error of that hook too.
 */
public interface Middleware<T, C> {

    /**
     * Before the item starts: pass it on (empty), replace it, or answer it.
     *
     * @param item the item, as earlier middleware left it
     * @return empty to go on unchanged, or a decision
     */
    default Mono<MiddlewareDecision<T, C>> beforeProcess(LLMWorkItem<T, C> item) {
        return Mono.empty();
    }

    /**
     * After the item ended, with its result; also for items answered by a later middleware's {@code
     * beforeProcess}.
     *
     * @param result the item's result
     * @return empty to keep it, or the result to use instead
     */
    default Mono<WorkItemResult<T, C>> afterProcess(WorkItemResult<T, C> result) {
        return Mono.empty();
    }

    /**
     * Before a retry of the item.
     *
     * @param item the item
     * @param failedAttempt the number of the attempt that failed
     * @param error why it failed
     * @return a {@code Mono} the retry waits for
     */
    default Mono<Void> onRetry(LLMWorkItem<T, C> item, int failedAttempt, ErrorInfo error) {
        return Mono.empty();
    }
}
