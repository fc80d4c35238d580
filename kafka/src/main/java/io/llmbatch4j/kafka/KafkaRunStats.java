package io.llmbatch4j.kafka;

/**
 * A snapshot of a {@link KafkaBatchRunner}'s counters since it started.
 *
 * @param polled input records taken from the topic (a record polled again after a rebalance counts again)
 * @param resultsWritten results acknowledged by the results topic, failed items' results included
 * @param failedResultsWritten of those, results of items that failed (their error in the value)
 * @param deadLettered records acknowledged by the dead-letter topic (poison records, unwritable results)
 * @param givenUp records abandoned unfinished (revoked or closing before they ran or finished): never
 *     committed past, so the partition's next owner runs them
 * @param partitionsRevoked partitions taken away by rebalances (lost ones included)
 */
public record KafkaRunStats(long polled, long resultsWritten, long failedResultsWritten, long deadLettered,
        long givenUp, long partitionsRevoked) {}
