package io.llmbatch4j.core;

import java.time.Duration;

/**
 * One call of {@link LLMCallStrategy#execute} for one item.
 *
 * @param itemId the item's id
 * @param number the attempt number, from 1; a retry after a rate limit keeps the number (rate-limit
 *     waits do not use up the item's attempts)
 * @param rateLimitRetries how many times this item has been retried after a rate limit so far
 * @param timeout the time this attempt has before it is cancelled and classified
 *     {@link ErrorKind#TIMEOUT}
 * @param state per-item memory shared by every attempt and {@code onError} call of this item only
 */
public record Attempt(String itemId, int number, int rateLimitRetries, Duration timeout, RetryState state) {

    /** {@return whether this is the item's first attempt (retries after a rate limit excluded)} */
    public boolean isFirst() {
        return number == 1;
    }
}
