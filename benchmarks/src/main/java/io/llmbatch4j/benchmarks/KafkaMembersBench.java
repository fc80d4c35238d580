package io.llmbatch4j.benchmarks;

import io.llmbatch4j.kafka.KafkaBroker;
import io.llmbatch4j.kafka.MemberKillScenario;
import io.llmbatch4j.samples.cli.LlmBatch;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code kafka-members}: the kill test at full size. 30,000 items on 6 partitions, 3
 * {@code llmbatch run --kafka-bootstrap} child JVMs in one group (8 workers, max 1,000 in flight
 * each), the testkit at 20–80 ms with 2% 503, 1% resets and 1% malformed bodies; one member killed
 * with SIGKILL at a fifth of the ids and started again at two thirds. Reports the time, whether every
 * id has a result, and how many ids have more than one.
 */
final class KafkaMembersBench {

    private static final int MAX_IN_FLIGHT = 1_000;

    private KafkaMembersBench() {}

    static void run(double scale) throws Exception {
        int items = Math.max(600, (int) (30_000 * scale));
        FakeServerConfig faulty = FakeServerConfig.builder()
                .latency(LatencyProfile.uniform(Duration.ofMillis(20), Duration.ofMillis(80)))
                .faults(FaultRates.builder().http503(0.02).connectionReset(0.01).malformedJson(0.01).build()).build();
        try (KafkaBroker broker = KafkaBroker.start(Map.of()); FakeLlmServer fake = FakeLlmServer.start(faulty)) {
            MemberKillScenario.Outcome o = MemberKillScenario.run(broker, "tickets", "answers", items, 6, 3,
                    n -> member(broker.bootstrapServers(), fake), Duration.ofMinutes(10));
            System.out.printf("kafka-members: %,d items, 3 members (one SIGKILLed at 1/5, restarted at 2/3): %.1f s,"
                    + " %,d results, %,d of %,d ids present, %,d ids more than once (max in flight per member %,d)%n",
                    items, o.took().toMillis() / 1e3, o.results(), o.perId().size(), items, o.repeated(),
                    MAX_IN_FLIGHT);
        }
    }

    private static Process member(String servers, FakeLlmServer fake) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), LlmBatch.class.getName(), "run",
                "--kafka-bootstrap", servers, "--input-topic", "tickets", "--output-topic", "answers", "--group",
                "support", "--base-url", fake.baseUrl(), "--workers", "8", "--kafka-max-in-flight",
                Integer.toString(MAX_IN_FLIGHT), "--kafka-property", "session.timeout.ms=6000", "--kafka-property",
                "heartbeat.interval.ms=500", "--progress", "off").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OPENAI_API_KEY", FakeServerConfig.DEFAULT_OPENAI_KEY);
        return pb.start();
    }
}
