package io.llmbatch4j.kafka;

import io.llmbatch4j.core.WorkItemResult;

/**
 * Turns a result into the value of its record on the results topic (the key is always the item
 * id). Called on the runner's sender thread, once per result written; it may be slow but should
 * not fail: a serializer that throws sends the input record to the dead-letter topic instead.
 *
 * @param <T> the strategies' output type
 * @param <C> the items' context type
 */
@FunctionalInterface
public interface ResultSerializer<T, C> {

    /**
     * @param result a finished item (success or failure; never a cancelled one: those are not written)
     * @return the record value
     */
    String serialize(WorkItemResult<T, RecordContext<C>> result);

    /**
     * One JSON object per result, like a line of the CLI's output: {@code id}, {@code success},
     * {@code output} (a string as a string, anything else as Jackson writes it) or {@code error}
     * ({@code kind}, {@code message}), {@code model}, {@code attempts}, {@code tokens}
     * ({@code input}, {@code output}, {@code cached}), {@code latencyMs}, and {@code source}
     * ({@code topic}, {@code partition}, {@code offset}).
     *
     * @param <T> the output type
     * @param <C> the context type
     * @return the serializer
     */
    static <T, C> ResultSerializer<T, C> json() {
        return new JsonResultSerializer<>();
    }
}
