package io.llmbatch4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import io.llmbatch4j.core.ParallelBatchProcessor;

/** The runner against a real KRaft broker (child JVM): results, dead letters, commits. */
class KafkaBatchRunnerTest extends BrokerTest {


    static KafkaRunnerConfig.Builder config(String name) {
        return KafkaRunnerConfig.builder().bootstrapServers(broker.bootstrapServers()).inputTopic(name + "-in")
                .outputTopic(name + "-out").groupId(name + "-group").commitInterval(Duration.ofMillis(200))
                .consumerProperty("session.timeout.ms", "6000").consumerProperty("heartbeat.interval.ms", "500");
    }

    @Test
    void everyRecordEndsAsOneResultOrOneDeadLetterAndTheOffsetsAreCommittedToTheEnd() throws Exception {
        String name = "poison";
        broker.createTopics(3, name + "-in", name + "-out", name + "-in.dlq");
        List<String> values = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> values.add(TestStrategies.json("item-" + i, "p" + i)));
        values.set(10, "not json {");
        values.set(20, "{\"prompt\":\"no id\"}");
        values.set(30, "[1,2]");
        Topics.write(broker.bootstrapServers(), name + "-in", values);

        TestStrategies.Echo echo = new TestStrategies.Echo(Duration.ofMillis(5));
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = TestStrategies.processor(32);
                KafkaBatchRunner<String, Void> runner = KafkaBatchRunner.builder(config(name).build(), processor,
                        RecordMapper.json(echo)).build().start()) {
            List<ConsumerRecord<String, String>> results = Topics.readUntil(broker.bootstrapServers(),
                    name + "-out", Duration.ofSeconds(60), r -> r.size() >= 297);
            List<ConsumerRecord<String, String>> dead = Topics.readUntil(broker.bootstrapServers(),
                    name + "-in.dlq", Duration.ofSeconds(30), r -> r.size() >= 3);

            assertThat(results).hasSize(297);
            assertThat(results.stream().map(ConsumerRecord::key).collect(Collectors.toSet()))
                    .hasSize(297).doesNotContain("item-10", "item-20", "item-30");
            assertThat(results).allSatisfy(r -> assertThat(r.value()).contains("\"success\":true")
                    .contains("\"output\":\"echo:p"));
            assertThat(dead).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("not json {", "{\"prompt\":\"no id\"}", "[1,2]");
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(),
                    StandardCharsets.UTF_8)).anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
                    .anySatisfy(reason -> assertThat(reason).contains("'id' is missing"))
                    .anySatisfy(reason -> assertThat(reason).isEqualTo("not a JSON object"));
            waitForCommits(broker, name, Map.of(0, 100L, 1, 100L, 2, 100L));
            assertThat(runner.stats().resultsWritten()).isEqualTo(297);
            assertThat(runner.stats().deadLettered()).isEqualTo(3);
        }
    }

    @Test
    void closeCommitsEverythingWrittenSoTheNextMemberRepeatsNothing() throws Exception {
        String name = "close";
        broker.createTopics(3, name + "-in", name + "-out");
        Topics.write(broker.bootstrapServers(), name + "-in", TestStrategies.items(300));
        // no periodic commit during the test: only close() commits
        KafkaRunnerConfig config = config(name).commitInterval(Duration.ofMinutes(10)).build();
        TestStrategies.Echo first = new TestStrategies.Echo(Duration.ofMillis(100));
        long written;
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = TestStrategies.processor(4);
                KafkaBatchRunner<String, Void> runner = KafkaBatchRunner.builder(config, processor,
                        RecordMapper.json(first)).build().start()) {
            Topics.readUntil(broker.bootstrapServers(), name + "-out", Duration.ofSeconds(30), r -> r.size() >= 20);
            runner.close();
            written = runner.stats().resultsWritten();
        }
        assertThat(written).isBetween(20L, 299L);
        Set<String> writtenFirst = ids(Topics.readUntil(broker.bootstrapServers(), name + "-out",
                Duration.ofSeconds(30), r -> r.size() >= written));
        TestStrategies.Echo second = new TestStrategies.Echo(Duration.ZERO);
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = TestStrategies.processor(8);
                KafkaBatchRunner<String, Void> runner = KafkaBatchRunner.builder(config, processor,
                        RecordMapper.json(second)).build().start()) {
            List<ConsumerRecord<String, String>> all = Topics.readUntil(broker.bootstrapServers(), name + "-out",
                    Duration.ofSeconds(30), r -> ids(r).size() >= 300);
            assertThat(ids(all)).hasSize(300);
            assertThat(all).hasSize(300);
        }
        assertThat(second.called).doesNotContainAnyElementsOf(writtenFirst.stream()
                .map(id -> "p" + id.substring(5)).toList());
    }

    static void waitForCommits(KafkaBroker broker, String name, Map<Integer, Long> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<Integer, Long> committed = Map.of();
        while (System.nanoTime() < deadline) {
            committed = Topics.committed(broker.bootstrapServers(), name + "-group", name + "-in");
            if (committed.equals(expected)) {
                return;
            }
            Thread.sleep(100); // a real broker: polled in real time
        }
        assertThat(committed).isEqualTo(expected);
    }

    static Set<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }
}
