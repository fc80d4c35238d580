package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/**
 * One unit of work: a prompt for a strategy, with the caller's context carried through to the
 * {@link WorkItemResult}.
 *
 * <p>Item ids must be unique within one run; a duplicate fails as
 * {@link ErrorKind#PERMANENT} without calling the strategy, and the run goes on.
 *
 * @param itemId the caller's id (non-blank), unique within a run
 * @param strategy how to call the model; one instance may be shared by any number of items
 * @param prompt the prompt text (non-null; may be empty)
 * @param context anything the caller wants back with the result; may be {@code null}
 * @param <T> the strategy's output type
 * @param <C> the caller's context type
 */
public record LLMWorkItem<T, C>(String itemId, LLMCallStrategy<T> strategy, String prompt, @Nullable C context) {

    /**
     * @param itemId the caller's id (non-blank), unique within a run
     * @param strategy how to call the model
     * @param prompt the prompt text (non-null; may be empty)
     * @param context anything the caller wants back with the result; may be {@code null}
     * @throws IllegalArgumentException naming the field (and the item, when it has an id)
     */
    @SuppressWarnings("ConstantConditions")
    public LLMWorkItem {
        if (itemId == null || itemId.isBlank()) {
            throw new IllegalArgumentException("LLMWorkItem.itemId must not be null or blank (was "
                    + (itemId == null ? "null" : "'" + itemId + "'") + ")");
        }
        if (strategy == null) {
            throw new IllegalArgumentException("LLMWorkItem.strategy must not be null (itemId='" + itemId + "')");
        }
        if (prompt == null) {
            throw new IllegalArgumentException("LLMWorkItem.prompt must not be null (itemId='" + itemId + "')");
        }
    }

    /**
     * An item without caller context. The context type is {@link Void}, so the call needs no type
     * witness: {@code Flux.fromIterable(tickets).map(t -> LLMWorkItem.of(t.id(), strategy, t.text()))}
     * is a {@code Flux<LLMWorkItem<String, Void>>} for a {@code ParallelBatchProcessor<String, Void>}.
     *
     * @param itemId the caller's id (non-blank), unique within a run
     * @param strategy how to call the model
     * @param prompt the prompt text (non-null; may be empty)
     * @param <T> the strategy's output type
     * @return the item, its context {@code null}
     * @throws IllegalArgumentException naming the field (and the item, when it has an id)
     */
    public static <T> LLMWorkItem<T, Void> of(String itemId, LLMCallStrategy<T> strategy, String prompt) {
        return new LLMWorkItem<>(itemId, strategy, prompt, null);
    }

    /**
     * A copy with another prompt (for middleware that rewrites prompts).
     *
     * @param newPrompt the prompt to send instead
     * @return the copy, same id, strategy and context
     */
    public LLMWorkItem<T, C> withPrompt(String newPrompt) {
        return new LLMWorkItem<>(itemId, strategy, newPrompt, context);
    }

    /** Never prints the prompt: prompts may hold personal data. */
    @Override
    public String toString() {
        return "LLMWorkItem[itemId=" + itemId + ", strategy=" + strategy.getClass().getSimpleName()
                + ", promptLength=" + prompt.length() + "]";
    }
}
