package io.llmbatch4j.kafka;

import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one assigned partition, for one assignment (a partition assigned again gets a new
 * tracker). Records may finish in any order; the committable offset is the lowest offset not yet
 * finished, or one past the highest polled when every polled record is finished, so a commit never
 * passes an unfinished record. Only the poll thread calls the methods; {@link #state} is read by
 * any thread.
 */
final class PartitionTracker {

    /** Items flow and results are written. */
    static final int ACTIVE = 0;
    /** Revoked or closing: items not started are given up, results of started ones still written. */
    static final int DRAINING = 1;
    /** Gone: results are no longer written. */
    static final int CLOSED = 2;

    final TopicPartition partition;
    volatile int state = ACTIVE;
    /** Polled and not yet finished (result acknowledged or dead-lettered): the commit stays below the first. */
    private final TreeSet<Long> unfinished = new TreeSet<>();
    /** Polled, not finished and not given up: what a drain waits for. */
    private int outstanding;
    private long highest = -1;
    private long lastCommitted = -1;

    PartitionTracker(TopicPartition partition) {
        this.partition = partition;
    }

    void register(long offset) {
        unfinished.add(offset);
        outstanding++;
        highest = Math.max(highest, offset);
    }

    /**
     * @param finished true when the record's result (or dead letter) is acknowledged; false when
     *     the record was given up unfinished (the commit stays below it)
     * @return whether the offset was outstanding here (false for a second report or an old assignment's)
     */
    boolean settle(long offset, boolean finished) {
        boolean known = finished ? unfinished.remove(offset) : unfinished.contains(offset);
        if (known) {
            outstanding--;
        }
        return known;
    }

    int outstanding() {
        return outstanding;
    }

    /** {@return the offset to commit (the next record to read after a restart), or -1 when there is nothing new} */
    long committable() {
        long next = unfinished.isEmpty() ? highest + 1 : unfinished.first();
        return next > lastCommitted && highest >= 0 ? next : -1;
    }

    void committed(long offset) {
        lastCommitted = Math.max(lastCommitted, offset);
    }
}
