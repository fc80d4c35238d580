package io.llmbatch4j.kafka;

import java.util.concurrent.atomic.LongAdder;

/** The runner's counters, written by its threads and the producer's callbacks. */
final class Counters {
    final LongAdder polled = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder failedWritten = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder givenUp = new LongAdder();
    final LongAdder revoked = new LongAdder();

    KafkaRunStats snapshot() {
        return new KafkaRunStats(polled.sum(), written.sum(), failedWritten.sum(), deadLettered.sum(), givenUp.sum(),
                revoked.sum());
    }
}
