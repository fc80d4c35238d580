package io.llmbatch4j.core;

import reactor.core.publisher.Mono;

/**
 * A hook that runs once for every result, success and failure alike (e.g. to store or index it).
 * It never changes or fails the item: an error, or a run past
 * {@link ProcessorConfig#postProcessTimeout()} (the {@code Mono} is then cancelled), is logged
 * and counted in {@link ProcessorStats#postProcessFailures()}. {@link ProcessorConfig#postProcessMode()}
 * says whether the item waits for it.
 *
 * @param <T> the output type
 * @param <C> the caller's context type
 */
@FunctionalInterface
public interface PostProcessor<T, C> {

    /**
     * Handles one result; subscribed once per result.
     *
     * @param result the item's result
     * @return a {@code Mono} completing when done; an error or a timeout is logged and counted, never fails the
     *     item
     */
    Mono<Void> process(WorkItemResult<T, C> result);
}
