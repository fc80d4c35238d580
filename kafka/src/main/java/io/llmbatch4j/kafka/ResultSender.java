package io.llmbatch4j.kafka;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.WorkItemResult;
import java.util.Queue;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each result to the results topic, keyed by item id, on the runner's sender thread (a
 * plain thread: {@code send} may block while the producer's buffer is full). The record counts as
 * finished when the topic acknowledges the write. Cancelled results (the run was stopped) and
 * results of partitions already handed to another member are not written: those records stay
 * unfinished and run again at their partition's next owner.
 */
final class ResultSender<T, C> {

    private static final Logger LOG = LoggerFactory.getLogger(ResultSender.class);

    private final Producer<String, String> producer;
    private final String topic;
    private final ResultSerializer<T, C> serializer;
    private final Queue<Settlement> settled;
    private final Counters counters;

    ResultSender(Producer<String, String> producer, String topic, ResultSerializer<T, C> serializer,
            Queue<Settlement> settled, Counters counters) {
        this.producer = producer;
        this.topic = topic;
        this.serializer = serializer;
        this.settled = settled;
        this.counters = counters;
    }

    void write(WorkItemResult<T, RecordContext<C>> result) {
        RecordContext<C> source = result.context();
        if (source == null) {
            LOG.warn("result {} has no record context (a middleware replaced it); not written", result.itemId());
            return;
        }
        PartitionTracker tracker = source.tracker;
        long offset = source.offset();
        if (tracker.state == PartitionTracker.CLOSED) {
            return; // counted as given up when its partition closed
        }
        if (result.errorKind() == ErrorKind.CANCELLED) {
            counters.givenUp.increment();
            settled.add(Settlement.givenUp(tracker, offset));
            return;
        }
        String value;
        try {
            value = serializer.serialize(result);
        } catch (RuntimeException e) {
            settled.add(Settlement.deadLetter(tracker, offset, result.itemId(), null,
                    "result not serializable: " + DeadLetters.reason(e)));
            return;
        }
        boolean failed = !result.success();
        try {
            producer.send(new ProducerRecord<>(topic, result.itemId(), value), (metadata, error) -> {
                if (error == null) {
                    counters.written.increment();
                    if (failed) {
                        counters.failedWritten.increment();
                    }
                    settled.add(Settlement.finished(tracker, offset));
                } else {
                    settled.add(Settlement.deadLetter(tracker, offset, result.itemId(), value,
                            "result not written to " + topic + ": " + DeadLetters.reason(error)));
                }
            });
        } catch (RuntimeException e) { // the producer is closed (the runner is stopping)
            counters.givenUp.increment();
            settled.add(Settlement.givenUp(tracker, offset));
        }
    }
}
