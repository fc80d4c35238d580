package io.llmbatch4j.kafka;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Where a work item came from: the input record's topic, partition and offset, and the context the
 * {@link RecordMapper} put on the item. It is the context type of the processor a
 * {@link KafkaBatchRunner} drives, so middleware, observers and the {@link ResultSerializer} see it.
 *
 * @param <C> the mapper's context type
 */
public final class RecordContext<C> {

    private final TopicPartition partition;
    private final long offset;
    private final @Nullable C context;
    /** The assignment the record was polled under; the runner's own. */
    final PartitionTracker tracker;

    RecordContext(TopicPartition partition, long offset, @Nullable C context, PartitionTracker tracker) {
        this.partition = partition;
        this.offset = offset;
        this.context = context;
        this.tracker = tracker;
    }

    /** {@return the input topic} */
    public String topic() {
        return partition.topic();
    }

    /** {@return the input record's partition} */
    public int partition() {
        return partition.partition();
    }

    /** {@return the input record's offset} */
    public long offset() {
        return offset;
    }

    /** {@return the context the mapper gave the item, or {@code null}} */
    public @Nullable C context() {
        return context;
    }

    TopicPartition topicPartition() {
        return partition;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RecordContext<?> other && partition.equals(other.partition) && offset == other.offset
                && Objects.equals(context, other.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, offset, context);
    }

    /** {@return {@code topic-partition@offset}; the mapper's context is left out (it may hold anything)} */
    @Override
    public String toString() {
        return partition + "@" + offset;
    }
}
