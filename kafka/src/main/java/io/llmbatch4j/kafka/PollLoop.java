package io.llmbatch4j.kafka;

import io.llmbatch4j.core.LLMWorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread's loop: the only user of the consumer. It polls, registers each record with its
 * partition's tracker, maps it and hands the item to the engine (or dead-letters it), applies the
 * settlements the other threads queue, commits each partition below its lowest unfinished record,
 * pauses every partition while {@code maxInFlight} records are unfinished, and drains revoked
 * partitions (bounded) before committing them.
 */
final class PollLoop<T, C> implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<String, String> consumer;
    private final KafkaRunnerConfig config;
    private final RecordMapper<T, C> mapper;
    private final BlockingQueue<Settlement> settled;
    private final DeadLetters deadLetters;
    private final Counters counters;
    private final ItemFeed<T, C> items;
    private final Map<TopicPartition, PartitionTracker> trackers = new HashMap<>();
    private volatile boolean running = true;
    /** Records registered and not settled, over every tracker. */
    private int outstanding;
    private boolean paused;
    private long nextCommitNanos;

    PollLoop(Consumer<String, String> consumer, KafkaRunnerConfig config, RecordMapper<T, C> mapper,
            BlockingQueue<Settlement> settled, DeadLetters deadLetters, Counters counters,
            ItemFeed<T, C> items) {
        this.consumer = consumer;
        this.config = config;
        this.mapper = mapper;
        this.settled = settled;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.items = items;
    }

    /** Polls until {@link #stop()}, then drains (bounded) and commits what finished. */
    void run() {
        consumer.subscribe(List.of(config.inputTopic()), this);
        while (running) {
            try {
                applySettlements();
                commitIfDue();
                pauseOrResume();
                for (ConsumerRecord<String, String> record : consumer.poll(config.pollTimeout())) {
                    take(record);
                }
            } catch (WakeupException e) {
                // stop() woke the poll; the loop condition decides
            }
        }
        List<PartitionTracker> all = new ArrayList<>(trackers.values());
        drainAndCommit(all);
        items.complete();
    }

    /** Any thread: ends the loop at its next turn. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void take(ConsumerRecord<String, String> record) {
        PartitionTracker tracker = trackers.get(new TopicPartition(record.topic(), record.partition()));
        if (tracker == null) {
            return; // revoked inside this poll
        }
        tracker.register(record.offset());
        outstanding++;
        counters.polled.increment();
        LLMWorkItem<T, C> item;
        try {
            item = mapper.map(record);
            if (item == null) {
                throw new PoisonRecordException("the mapper returned null");
            }
        } catch (RuntimeException e) {
            deadLetters.send(tracker, record.offset(), record.key(), record.value(), DeadLetters.reason(e));
            return;
        }
        items.offer(new LLMWorkItem<>(item.itemId(), item.strategy(), item.prompt(),
                new RecordContext<>(tracker.partition, record.offset(), item.context(), tracker)));
    }

    private void applySettlements() {
        Settlement s;
        while ((s = settled.poll()) != null) {
            apply(s);
        }
    }

    private void apply(Settlement s) {
        if (s.deadLetterReason() != null) {
            deadLetters.send(s.tracker(), s.offset(), s.key(), s.deadLetterValue(), s.deadLetterReason());
        } else if (trackers.get(s.tracker().partition) == s.tracker() && s.tracker().settle(s.offset(), s.finished())) {
            outstanding--;
        }
    }

    private void commitIfDue() {
        long now = System.nanoTime();
        if (now - nextCommitNanos < 0) {
            return;
        }
        nextCommitNanos = now + config.commitInterval().toNanos();
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(trackers.values());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    LOG.debug("commit failed, the next one retries: {}", error.toString());
                    return;
                }
                done.forEach((tp, o) -> {
                    PartitionTracker t = trackers.get(tp);
                    if (t != null) {
                        t.committed(o.offset());
                    }
                });
            });
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committable(Collection<PartitionTracker> trackers) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionTracker t : trackers) {
            long next = t.committable();
            if (next >= 0) {
                offsets.put(t.partition, new OffsetAndMetadata(next));
            }
        }
        return offsets;
    }

    private void pauseOrResume() {
        int max = config.maxInFlight();
        if (!paused && outstanding >= max) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && outstanding < max - max / 4) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /**
     * Stops the trackers' items that have not started, waits up to the drain timeout for those
     * running to be written, commits each partition below its lowest unfinished record and closes
     * the trackers: results arriving later are not written.
     */
    private void drainAndCommit(List<PartitionTracker> leaving) {
        leaving.forEach(t -> t.state = PartitionTracker.DRAINING);
        items.purge(); // their items not handed to the engine yet are given up at once
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        try {
            while (leaving.stream().anyMatch(t -> t.outstanding() > 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Settlement s = settled.poll(left, TimeUnit.NANOSECONDS);
                if (s != null) {
                    apply(s);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitSync(committable(leaving));
        close(leaving);
    }

    /** Commits; a wakeup from {@link #stop()} pending since the last poll does not cost the commit. */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (int attempt = 0; attempt < 2 && !offsets.isEmpty(); attempt++) {
            try {
                consumer.commitSync(offsets, COMMIT_TIMEOUT);
                return;
            } catch (WakeupException e) {
                // stop() woke the consumer outside a poll: the flag is cleared now, commit again
            } catch (KafkaException e) {
                LOG.warn("commit of {} failed; their records run again at the next owner: {}", offsets.keySet(),
                        e.toString());
                return;
            }
        }
    }

    private void close(Collection<PartitionTracker> leaving) {
        for (PartitionTracker t : leaving) {
            t.state = PartitionTracker.CLOSED;
            if (t.outstanding() > 0) {
                counters.givenUp.add(t.outstanding());
            }
            outstanding -= t.outstanding();
            trackers.remove(t.partition, t);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            trackers.put(tp, new PartitionTracker(tp));
        }
        if (paused && !partitions.isEmpty()) {
            consumer.pause(partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<PartitionTracker> leaving = leaving(partitions);
        if (!leaving.isEmpty()) {
            drainAndCommit(leaving);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        close(leaving(partitions)); // another member may own them already: no commit
    }

    private List<PartitionTracker> leaving(Collection<TopicPartition> partitions) {
        List<PartitionTracker> leaving = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            PartitionTracker t = trackers.get(tp);
            if (t != null) {
                leaving.add(t);
            }
        }
        counters.revoked.add(leaving.size());
        return leaving;
    }
}
