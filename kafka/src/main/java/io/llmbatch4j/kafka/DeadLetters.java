package io.llmbatch4j.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record that cannot be processed to the dead-letter topic: the input record's key and
 * value, the reason and the source in headers. The record counts as finished once the dead-letter
 * topic acknowledges it; a dead letter that cannot be written leaves the record unfinished (the
 * commit stays below it, so a later owner retries it).
 */
final class DeadLetters {

    /** Header with why the record was refused. */
    static final String REASON = "llmbatch.reason";
    /** Header with the source, {@code topic-partition@offset}. */
    static final String SOURCE = "llmbatch.source";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 1_000;

    private final Producer<String, String> producer;
    private final String topic;
    private final Queue<Settlement> settled;
    private final Counters counters;

    DeadLetters(Producer<String, String> producer, String topic, Queue<Settlement> settled, Counters counters) {
        this.producer = producer;
        this.topic = topic;
        this.settled = settled;
        this.counters = counters;
    }

    void send(PartitionTracker tracker, long offset, @Nullable String key, @Nullable String value, String reason) {
        String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(REASON, cut.getBytes(StandardCharsets.UTF_8));
        record.headers().add(SOURCE, (tracker.partition + "@" + offset).getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                counters.deadLettered.increment();
                settled.add(Settlement.finished(tracker, offset));
            } else {
                LOG.error("dead letter for {}@{} not written; the offset stays uncommitted: {}", tracker.partition,
                        offset, error.toString());
                settled.add(Settlement.givenUp(tracker, offset));
            }
        });
    }

    static String reason(Throwable e) {
        return e instanceof PoisonRecordException ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
