package io.llmbatch4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.ParallelBatchProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The broker killed (SIGKILL) and started again mid-run: the member carries on and nothing is lost. */
class BrokerRestartTest extends BrokerTest {

    private static final int ITEMS = 600;

    @Test
    void aBrokerKilledAndRestartedMidRunLosesNoItem() throws Exception {
        String name = "restart";
        broker.createTopics(3, name + "-in", name + "-out");
        Topics.write(broker.bootstrapServers(), name + "-in", TestStrategies.items(ITEMS));
        KafkaRunnerConfig config = KafkaRunnerConfig.builder().bootstrapServers(broker.bootstrapServers())
                .inputTopic(name + "-in").outputTopic(name + "-out").groupId(name + "-group")
                .commitInterval(Duration.ofMillis(200)).maxInFlight(100)
                .consumerProperty("session.timeout.ms", "30000").build();
        TestStrategies.Echo echo = new TestStrategies.Echo(Duration.ofMillis(50));
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = TestStrategies.processor(8);
                KafkaBatchRunner<String, Void> runner = KafkaBatchRunner.builder(config, processor,
                        RecordMapper.json(echo)).build().start()) {
            Topics.readUntil(broker.bootstrapServers(), name + "-out", Duration.ofSeconds(30), r -> r.size() >= 100);
            broker.kill();
            long writtenWhenKilled = runner.stats().resultsWritten();
            broker.restart();

            List<ConsumerRecord<String, String>> results = Topics.readUntil(broker.bootstrapServers(), name + "-out",
                    Duration.ofSeconds(90), r -> r.stream().map(ConsumerRecord::key).distinct().count() >= ITEMS);
            Set<String> ids = results.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(ids).isEqualTo(IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).collect(Collectors.toSet()));
            assertThat(writtenWhenKilled).as("killed mid-run").isLessThan(ITEMS);
            System.out.printf("broker restart: %d results for %d ids (%d duplicates)%n", results.size(), ITEMS,
                    results.size() - ITEMS);
            KafkaBatchRunnerTest.waitForCommits(broker, name, Map.of(0, 200L, 1, 200L, 2, 200L));
        }
    }
}
