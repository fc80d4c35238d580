package io.llmbatch4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.kafka.KafkaBroker;
import io.llmbatch4j.kafka.MemberKillScenario;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code llmbatch run --kafka-bootstrap} processes in one group over a real broker, the
 * testkit's fake provider with faults on; one member is killed with SIGKILL mid-run and started
 * again later. Scaled to 3,000 items; the full-size run (30,000) is {@code BenchMain kafka-members}.
 */
class KafkaMembersTest {

    private static final int ITEMS = 3_000;
    private static final int MAX_IN_FLIGHT = 100;
    private static final Pattern WRITTEN = Pattern.compile("(\\d+) results written");

    @TempDir
    Path dir;

    /** The members' provider: 20–80 ms, 2% 503, 1% connection resets, 1% malformed bodies. */
    static FakeServerConfig faulty() {
        return FakeServerConfig.builder().latency(LatencyProfile.uniform(Duration.ofMillis(20), Duration.ofMillis(80)))
                .faults(FaultRates.builder().http503(0.02).connectionReset(0.01).malformedJson(0.01).build()).build();
    }

    /** {@code llmbatch run} as one member of group {@code support}, output to {@code out}. */
    static Process member(String servers, FakeLlmServer fake, int maxInFlight, Path out) throws Exception {
        return ChildCli.start(List.of("run", "--kafka-bootstrap", servers, "--input-topic", "tickets",
                "--output-topic", "answers", "--group", "support", "--base-url", fake.baseUrl(), "--workers", "8",
                "--kafka-max-in-flight", Integer.toString(maxInFlight), "--kafka-property", "session.timeout.ms=6000",
                "--kafka-property", "heartbeat.interval.ms=500", "--progress", "off"),
                ProcessBuilder.Redirect.to(out.toFile()), ProcessBuilder.Redirect.to(Path.of(out + ".err").toFile()));
    }

    @Test
    void threeMembersShareTheTopicAndAMemberKilledWithSigkillLosesNoItem() throws Exception {
        MemberKillScenario.Outcome outcome;
        try (KafkaBroker broker = KafkaBroker.start(Map.of()); FakeLlmServer fake = FakeLlmServer.start(faulty())) {
            outcome = MemberKillScenario.run(broker, "tickets", "answers", ITEMS, 6, 3,
                    n -> member(broker.bootstrapServers(), fake, MAX_IN_FLIGHT, dir.resolve("member-" + n + ".out")),
                    Duration.ofSeconds(120));
        }
        assertThat(outcome.perId().keySet()).isEqualTo(IntStream.range(0, ITEMS).mapToObj(i -> "t" + i)
                .collect(Collectors.toSet()));
        System.out.printf("kafka members: %d results for %d ids, %d ids more than once%n", outcome.results(), ITEMS,
                outcome.repeated());
        // only the killed member's uncommitted records repeat: at most maxInFlight unfinished plus one
        // poll's overshoot, plus what it finished within its last commit interval (1 s at ~8 per 50 ms)
        assertThat(outcome.repeated()).isLessThanOrEqualTo(2L * MAX_IN_FLIGHT + 200);
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
