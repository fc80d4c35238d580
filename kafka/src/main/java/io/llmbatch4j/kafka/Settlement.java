package io.llmbatch4j.kafka;

import org.jspecify.annotations.Nullable;

/**
 * What the other threads tell the poll thread about a record: finished (its result or dead letter
 * acknowledged), given up, or to be dead-lettered (its result could not be written).
 *
 * @param deadLetterReason non-null: send {@code deadLetterValue} to the dead-letter topic with this reason
 */
record Settlement(PartitionTracker tracker, long offset, boolean finished, @Nullable String key,
        @Nullable String deadLetterValue, @Nullable String deadLetterReason) {

    static Settlement finished(PartitionTracker tracker, long offset) {
        return new Settlement(tracker, offset, true, null, null, null);
    }

    static Settlement givenUp(PartitionTracker tracker, long offset) {
        return new Settlement(tracker, offset, false, null, null, null);
    }

    static Settlement deadLetter(PartitionTracker tracker, long offset, @Nullable String key, @Nullable String value,
            String reason) {
        return new Settlement(tracker, offset, false, key, value, reason);
    }
}
