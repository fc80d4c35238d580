package io.llmbatch4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.ParallelBatchProcessor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Two members of one group in this JVM against a real broker: partitions move while items are in flight. */
class KafkaRebalanceTest extends BrokerTest {

    private static final int ITEMS = 400;
    private static final int PARTITIONS = 4;

    private static KafkaRunnerConfig config(String name, Duration drain) {
        return config(name, drain, KafkaRunnerConfig.DEFAULT_MAX_IN_FLIGHT);
    }

    private static KafkaRunnerConfig config(String name, Duration drain, int maxInFlight) {
        return KafkaRunnerConfig.builder().maxInFlight(maxInFlight).bootstrapServers(broker.bootstrapServers()).inputTopic(name + "-in")
                .outputTopic(name + "-out").groupId(name + "-group").commitInterval(Duration.ofMillis(200))
                .drainTimeout(drain).consumerProperty("session.timeout.ms", "6000")
                .consumerProperty("heartbeat.interval.ms", "500").build();
    }

    private static List<ConsumerRecord<String, String>> results(String name, Predicate done, Duration timeout) {
        return Topics.readUntil(broker.bootstrapServers(), name + "-out", timeout, done::test);
    }

    interface Predicate {
        boolean test(List<ConsumerRecord<String, String>> read);
    }

    private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static Set<String> allIds() {
        return IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).collect(Collectors.toSet());
    }

    @Test
    void runningItemsOfRevokedPartitionsFinishBeforeTheCommitSoNoItemRunsTwice() throws Exception {
        String name = "drain";
        broker.createTopics(PARTITIONS, name + "-in", name + "-out");
        Topics.write(broker.bootstrapServers(), name + "-in", TestStrategies.items(ITEMS));
        TestStrategies.Echo slow = new TestStrategies.Echo(Duration.ofMillis(200));
        try (ParallelBatchProcessor<String, RecordContext<Void>> pa = TestStrategies.processor(8);
                ParallelBatchProcessor<String, RecordContext<Void>> pb = TestStrategies.processor(8);
                KafkaBatchRunner<String, Void> a = KafkaBatchRunner.builder(config(name, Duration.ofSeconds(10), 40), pa,
                        RecordMapper.json(slow)).build().start()) {
            // a works on every partition (item-i is in partition i % 4) before b joins
            results(name, r -> r.stream().map(x -> Integer.parseInt(x.key().substring(5)) % PARTITIONS).distinct()
                    .count() == PARTITIONS, Duration.ofSeconds(30));
            try (KafkaBatchRunner<String, Void> b = KafkaBatchRunner.builder(config(name, Duration.ofSeconds(10), 40), pb,
                    RecordMapper.json(slow)).build().start()) {
                List<ConsumerRecord<String, String>> all = results(name, r -> ids(r).size() >= ITEMS,
                        Duration.ofSeconds(60));
                assertThat(ids(all)).isEqualTo(allIds());
                assertThat(a.stats().partitionsRevoked()).as("the rebalance moved partitions away from a").isPositive();
                assertThat(b.stats().resultsWritten()).as("b took over part of the work").isPositive();
                // every item a had started when its partitions left was written before the commit, so
                // b started after it: no item was called twice, no id written twice
                assertThat(all).hasSize(ITEMS);
                assertThat(slow.calls.values()).hasSize(ITEMS).containsOnly(1);
            }
        }
    }

    @Test
    void aHangingRecordHoldsItsPartitionsCommitAndIsAbandonedWithinTheDrainTimeoutWhenItsPartitionMoves()
            throws Exception {
        String name = "hang";
        broker.createTopics(PARTITIONS, name + "-in", name + "-out");
        Topics.write(broker.bootstrapServers(), name + "-in", TestStrategies.items(ITEMS));
        // items 4..7 are the records at offset 1 of partitions 0..3 (written round-robin)
        Set<String> hang = Set.of("p4", "p5", "p6", "p7");
        TestStrategies.Echo hangs = new TestStrategies.Echo(Duration.ofMillis(5), hang);
        TestStrategies.Echo answers = new TestStrategies.Echo(Duration.ofMillis(5));
        Duration drain = Duration.ofSeconds(2);
        try (ParallelBatchProcessor<String, RecordContext<Void>> pa = TestStrategies.processor(32);
                ParallelBatchProcessor<String, RecordContext<Void>> pb = TestStrategies.processor(32)) {
            KafkaBatchRunner<String, Void> a = KafkaBatchRunner.builder(config(name, drain), pa,
                    RecordMapper.json(hangs)).build().start();
            try {
                assertThat(ids(results(name, r -> r.size() >= ITEMS - 4, Duration.ofSeconds(30)))).hasSize(ITEMS - 4);
                Map<Integer, Long> heldAtTheHangingRecord = new HashMap<>();
                IntStream.range(0, PARTITIONS).forEach(p -> heldAtTheHangingRecord.put(p, 1L));
                KafkaBatchRunnerTest.waitForCommits(broker, name, heldAtTheHangingRecord);

                try (KafkaBatchRunner<String, Void> b = KafkaBatchRunner.builder(config(name, drain), pb,
                        RecordMapper.json(answers)).build().start()) {
                    long joined = System.nanoTime();
                    List<ConsumerRecord<String, String>> moved = results(name,
                            r -> ids(r).stream().filter(id -> List.of("item-4", "item-5", "item-6", "item-7")
                                    .contains(id)).count() >= 1, Duration.ofSeconds(30));
                    Duration took = Duration.ofNanos(System.nanoTime() - joined);
                    assertThat(ids(moved)).containsAnyOf("item-4", "item-5", "item-6", "item-7");
                    assertThat(took).as("revoke drained within its bound, not the 5 min poll interval")
                            .isLessThan(Duration.ofSeconds(25));
                    assertThat(a.stats().givenUp()).isPositive();

                    long closing = System.nanoTime();
                    a.close(); // its last partitions hang too: abandoned after the drain timeout
                    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(drain.plusSeconds(10));
                    List<ConsumerRecord<String, String>> all = results(name, r -> ids(r).size() >= ITEMS,
                            Duration.ofSeconds(30));
                    assertThat(ids(all)).isEqualTo(allIds());
                    assertThat(hangs.called).containsAll(hang);
                    assertThat(all).filteredOn(r -> hang.contains(r.value().replaceAll(".*\"output\":\"echo:(p\\d+)\".*",
                            "$1"))).hasSize(4); // written once each, by b
                }
                KafkaBatchRunnerTest.waitForCommits(broker, name, Map.of(0, 100L, 1, 100L, 2, 100L, 3, 100L));
            } finally {
                a.close();
            }
        }
    }
}
