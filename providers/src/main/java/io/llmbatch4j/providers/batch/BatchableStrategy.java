package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;

/**
 * A strategy that can describe its call as a {@link ChatRequest}, so its items can go through an
 * offline Batch API ({@link BatchJobRunner}) as well as through the realtime processor.
 *
 * <p>{@link #request(String)} must return the very request {@link #execute} would send for the
 * prompt on a first attempt; {@link #output(ChatResponse)} turns the batch's answer into the
 * strategy's output exactly as {@code execute} would. It may throw
 * {@link io.llmbatch4j.core.ValidationFailedException} (the item then fails as
 * {@link io.llmbatch4j.core.ErrorKind#VALIDATION}, and may be sent to the realtime fallback).
 *
 * @param <T> the output type
 */
public interface BatchableStrategy<T> extends LLMCallStrategy<T> {

    /**
     * The request for {@code prompt}; its model decides which batch the item joins.
     *
     * @param prompt the item's prompt
     * @return the request
     */
    ChatRequest request(String prompt);

    /**
     * The output for an answer the batch returned.
     *
     * @param response the answer
     * @return the output
     */
    T output(ChatResponse response);
}
