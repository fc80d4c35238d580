package io.llmbatch4j.kafka;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Turns an input record into a work item. Called on the runner's poll thread, once per record
 * polled (a record polled again after a rebalance is mapped again): it must be fast and must not
 * block. A record that can never be an item is refused by throwing {@link PoisonRecordException}
 * (any other exception counts the same): it goes to the dead-letter topic with the reason, and
 * the partition moves on.
 *
 * <p>The item's id is the key of its result record, so a consumer of the results topic can keep
 * one result per id; give every input record a stable id.
 *
 * @param <T> the strategies' output type
 * @param <C> the items' context type
 */
@FunctionalInterface
public interface RecordMapper<T, C> {

    /**
     * @param record the input record (key and value as UTF-8 strings; either may be null)
     * @return the item to run
     * @throws PoisonRecordException when the record can never become an item
     */
    LLMWorkItem<T, C> map(ConsumerRecord<String, String> record);

    /**
     * The CLI's format: the value is a JSON object {@code {"id": "t-1", "prompt": "...", "model":
     * "optional"}} ({@code id} a string or an integer). Refused as poison: a value that is null, not
     * JSON or not an object, or without a non-blank {@code id} or a string {@code prompt}.
     *
     * @param strategy the strategy of every item
     * @param <T> its output type
     * @return the mapper
     */
    static <T> RecordMapper<T, Void> json(LLMCallStrategy<T> strategy) {
        return json(model -> strategy);
    }

    /**
     * Like {@link #json(LLMCallStrategy)}, the strategy chosen by the record's optional {@code model}.
     *
     * @param strategyForModel the strategy for a record's {@code model} field (null when absent)
     * @param <T> the strategies' output type
     * @return the mapper
     */
    static <T> RecordMapper<T, Void> json(Function<@Nullable String, LLMCallStrategy<T>> strategyForModel) {
        return new JsonRecordMapper<>(strategyForModel);
    }
}
