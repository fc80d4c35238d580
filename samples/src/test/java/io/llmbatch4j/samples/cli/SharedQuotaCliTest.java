package io.llmbatch4j.samples.cli;

import static io.llmbatch4j.samples.cli.CliRuns.lines;
import static io.llmbatch4j.samples.cli.CliRuns.llmbatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --redis}: the run says it shares its budgets and, with no Redis listening, still finishes
 * every item on its local share and says so. (Several processes really sharing one Redis are
 * tested in the redis module's multi-JVM tests and measured by the {@code shared} benchmark.)
 */
class SharedQuotaCliTest {

    @RegisterExtension
    static final FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    @TempDir
    Path dir;

    @Test
    void withRedisUnreachableEveryItemStillSucceedsOnTheLocalShareAndTheSummarySaysSo() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, CliRuns.tickets("t-", 12));
        Path output = dir.resolve("out.jsonl");

        CliRuns.Run run = llmbatch("run", "--input", input.toString(), "--output", output.toString(),
                "--base-url", fake.baseUrl(), "--progress", "off", "--rpm", "6000", "--replicas", "3",
                "--redis", "redis://127.0.0.1:" + closedPort);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(lines(output)).hasSize(12).allSatisfy(r -> assertThat(r.path("success").asBoolean()).isTrue());
        assertThat(run.out()).contains("Quota: shared through Redis (openai:gpt-")
                .contains("3 replica(s) expected").contains("Quota: local share at the end (Redis unreachable)")
                .contains("1 fallback(s) to the local share")
                .doesNotContain(CliRuns.OPENAI_KEY.get("OPENAI_API_KEY"));
    }

    @Test
    void badRedisOptionsExitTwoNamingTheOption() {
        assertThat(llmbatch("run", "--redis", "localhost:6379").err()).contains("--redis must be a redis://");
        assertThat(llmbatch("run", "--replicas", "0").err()).contains("--replicas must be >= 1 (was 0)");
    }
}
