package io.llmbatch4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.kafka.KafkaBroker;
import io.llmbatch4j.kafka.Topics;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code llmbatch run --kafka-bootstrap} processes in one group over a real broker, the
 * testkit's fake provider with faults on; one member is killed with SIGKILL mid-run and started
 * again later. The full-size run (30,000 items) is {@code BenchMain kafka-members}.
 */
class KafkaMembersTest {

    private static final int ITEMS = 3_000;
    private static final int PARTITIONS = 6;
    private static final int MAX_IN_FLIGHT = 100;
    private static final Pattern WRITTEN = Pattern.compile("(\\d+) results written");

    @TempDir
    Path dir;

    @Test
    void threeMembersShareTheTopicAndAMemberKilledWithSigkillLosesNoItem() throws Exception {
        FakeServerConfig faulty = FakeServerConfig.builder()
                .latency(LatencyProfile.uniform(Duration.ofMillis(20), Duration.ofMillis(80)))
                .faults(FaultRates.builder().http503(0.02).connectionReset(0.01).malformedJson(0.01).build()).build();
        try (KafkaBroker broker = KafkaBroker.start(Map.of()); FakeLlmServer fake = FakeLlmServer.start(faulty)) {
            broker.createTopics(PARTITIONS, "tickets", "answers", "tickets.dlq");
            Topics.write(broker.bootstrapServers(), "tickets", IntStream.range(0, ITEMS)
                    .mapToObj(i -> "{\"id\":\"t" + i + "\",\"prompt\":\"Ticket #" + i + "\"}").toList());
            List<Process> members = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    members.add(member(broker, fake, i));
                }
                awaitDistinct(broker, ITEMS / 5);
                members.get(0).destroyForcibly(); // SIGKILL: no drain, no commit, no leaving the group
                assertThat(members.get(0).waitFor(30, TimeUnit.SECONDS)).isTrue();
                awaitDistinct(broker, ITEMS * 2 / 3);
                members.set(0, member(broker, fake, 3));

                List<ConsumerRecord<String, String>> results = awaitDistinct(broker, ITEMS);
                Map<String, Integer> perId = new HashMap<>();
                results.forEach(r -> perId.merge(r.key(), 1, Integer::sum));
                assertThat(perId.keySet()).isEqualTo(IntStream.range(0, ITEMS).mapToObj(i -> "t" + i)
                        .collect(Collectors.toSet()));
                long repeated = perId.values().stream().filter(n -> n > 1).count();
                System.out.printf("kafka members: %d results for %d ids, %d ids more than once%n", results.size(),
                        ITEMS, repeated);
                // only the killed member's uncommitted records repeat: at most maxInFlight unfinished plus one
                // poll's overshoot, plus what it finished within its last commit interval (1 s at ~8/50 ms)
                assertThat(repeated).isLessThanOrEqualTo(2L * MAX_IN_FLIGHT + 200);
            } finally {
                for (Process p : members) {
                    p.destroy(); // SIGTERM: the member drains, commits and leaves
                }
                for (Process p : members) {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            assertThat(Files.readString(dir.resolve("member-0.out"))).as("killed: no summary").doesNotContain("Stopped");
            for (int i = 1; i <= 3; i++) { // 3 is member 0 started again, late: it may have found nothing left
                String log = Files.readString(dir.resolve("member-" + i + ".out"));
                Matcher m = WRITTEN.matcher(log);
                assertThat(m.find()).as("member %d stopped gracefully: %s", i, log).isTrue();
                if (i < 3) {
                    assertThat(Long.parseLong(m.group(1))).as("member %d did part of the work", i).isPositive();
                }
            }
        }
    }

    private Process member(KafkaBroker broker, FakeLlmServer fake, int n) throws Exception {
        return ChildCli.start(List.of("run", "--kafka-bootstrap", broker.bootstrapServers(), "--input-topic", "tickets",
                "--output-topic", "answers", "--group", "support", "--base-url", fake.baseUrl(), "--workers", "8",
                "--kafka-max-in-flight", Integer.toString(MAX_IN_FLIGHT), "--kafka-property", "session.timeout.ms=6000",
                "--kafka-property", "heartbeat.interval.ms=500", "--progress", "off"),
                ProcessBuilder.Redirect.to(dir.resolve("member-" + n + ".out").toFile()),
                ProcessBuilder.Redirect.to(dir.resolve("member-" + n + ".err").toFile()));
    }

    private static List<ConsumerRecord<String, String>> awaitDistinct(KafkaBroker broker, int ids) {
        List<ConsumerRecord<String, String>> read = Topics.readUntil(broker.bootstrapServers(), "answers",
                Duration.ofSeconds(120), r -> r.stream().map(ConsumerRecord::key).distinct().count() >= ids);
        Set<String> distinct = read.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(distinct).as("distinct result ids").hasSizeGreaterThanOrEqualTo(ids);
        return read;
    }
}
