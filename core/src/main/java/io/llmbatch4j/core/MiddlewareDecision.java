package io.llmbatch4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Middleware#beforeProcess} decided: go on with an item, or answer it.
 */
public final class MiddlewareDecision<T, C> {

    private final @Nullable LLMWorkItem<T, C> item;
    private final @Nullable WorkItemResult<T, C> answer;

    private MiddlewareDecision(@Nullable LLMWorkItem<T, C> item, @Nullable WorkItemResult<T, C> answer) {
        this.item = item;
        this.answer = answer;
    }

    /**
     * Go on with {@code item} (possibly a changed copy; the id must stay the same).
     *
     * @param item the item to go on with
     * @param <T> the strategy's output type
     * @param <C> the context type
     * @return the decision
     */
    public static <T, C> MiddlewareDecision<T, C> proceed(LLMWorkItem<T, C> item) {
        return new MiddlewareDecision<>(Objects.requireNonNull(item, "item"), null);
    }

    /**
     * Answer the item with {@code result}; the strategy is not called.
     *
     * @param result the item's result
     * @param <T> the strategy's output type
     * @param <C> the context type
     * @return the decision
     */
    public static <T, C> MiddlewareDecision<T, C> answer(WorkItemResult<T, C> result) {
        return new MiddlewareDecision<>(null, Objects.requireNonNull(result, "result"));
    }

    /** {@return the item to go on with, or {@code null} when answered} */
    public @Nullable LLMWorkItem<T, C> item() {
        return item;
    }

    /** {@return the answer, or {@code null} when proceeding} */
    public @Nullable WorkItemResult<T, C> answer() {
        return answer;
    }
}
