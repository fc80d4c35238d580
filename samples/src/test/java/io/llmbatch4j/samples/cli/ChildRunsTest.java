package io.llmbatch4j.samples.cli;

import static io.llmbatch4j.samples.cli.CliRuns.lines;
import static io.llmbatch4j.samples.cli.CliRuns.llmbatch;
import static io.llmbatch4j.samples.cli.CliRuns.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a separate process shows: the output's lock, Ctrl-C, and what reaches stderr. */
class ChildRunsTest {

    private static final FakeServerConfig SLOW = FakeServerConfig.builder()
            .latency(LatencyProfile.fixed(Duration.ofMillis(50))).build();

    @TempDir
    Path dir;

    private List<String> args(FakeLlmServer server, Path input, Path output, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("run", "-i", input.toString(), "-o", output.toString(),
                "--base-url", server.baseUrl(), "--progress", "off"));
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedAtOnceWhileTheFirstHoldsIt() throws Exception {
        Path input = dir.resolve("in.jsonl");
        Path output = dir.resolve("out.jsonl");
        Files.writeString(input, tickets("lock", 200));
        try (FakeLlmServer server = FakeLlmServer.start(SLOW)) {
            Process first = ChildCli.start(args(server, input, output, "--workers", "2"),
                    ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.DISCARD);
            try {
                assertThat(ChildCli.waitForLines(output, 4, first)).as("the first run is writing").isTrue();

                CliRuns.Run second = llmbatch(args(server, input, output).toArray(String[]::new));

                assertThat(second.code()).isEqualTo(2);
                assertThat(second.err()).contains(output + " is in use by another llmbatch run");
                assertThat(first.isAlive()).isTrue();
            } finally {
                first.destroyForcibly();
                first.waitFor(1, TimeUnit.MINUTES);
            }
            assertThat(server.requests()).extracting(RecordedRequest::body).as("no prompt sent twice")
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void ctrlCPrintsTheSummarySoFarAndTheSameCommandResumes() throws Exception {
        Path input = dir.resolve("in.jsonl");
        Path output = dir.resolve("out.jsonl");
        Path stdout = dir.resolve("stdout.txt");
        Files.writeString(input, tickets("int", 200));
        try (FakeLlmServer server = FakeLlmServer.start(SLOW)) {
            Process child = ChildCli.start(args(server, input, output, "--workers", "2"),
                    ProcessBuilder.Redirect.to(stdout.toFile()), ProcessBuilder.Redirect.DISCARD);
            assertThat(ChildCli.waitForLines(output, 10, child)).isTrue();

            ChildCli.interrupt(child);

            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            String printed = Files.readString(stdout);
            assertThat(printed).contains("Interrupted.").contains("Run the same command to resume");
            Matcher succeeded = Pattern.compile("(?m)^  succeeded +(\\d+)").matcher(printed);
            assertThat(succeeded.find()).isTrue();
            long done = lines(output).size();
            assertThat(Long.parseLong(succeeded.group(1))).as("the summary counts what the output holds")
                    .isEqualTo(done).isLessThan(200);

            CliRuns.Run resumed = llmbatch(args(server, input, output).toArray(String[]::new));
            assertThat(resumed.code()).isZero();
            assertThat(resumed.out()).contains(done + " items already done");
            assertThat(lines(output)).extracting(r -> r.path("id").asString()).hasSize(200).doesNotHaveDuplicates();
        }
    }

    @Test
    void droppedConnectionsAreCountedInTheSummaryNotLoggedOnStderr() throws Exception {
        Path input = dir.resolve("in.jsonl");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Files.writeString(input, tickets("reset", 30));
        FakeServerConfig resets = FakeServerConfig.builder()
                .faults(FaultRates.builder().connectionReset(0.3).build()).build();
        try (FakeLlmServer server = FakeLlmServer.start(resets)) {
            Process child = ChildCli.start(args(server, input, dir.resolve("out.jsonl"), "--retries", "1"),
                    ProcessBuilder.Redirect.to(stdout.toFile()), ProcessBuilder.Redirect.to(stderr.toFile()));

            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();

            assertThat(Files.readString(stderr)).doesNotContain("WARN").doesNotContain("Connection reset");
            Matcher counted = Pattern.compile("connection errors (\\d+)").matcher(Files.readString(stdout));
            assertThat(counted.find()).as("counted in:%n%s", Files.readString(stdout)).isTrue();
            assertThat(Long.parseLong(counted.group(1))).isPositive();
        }
    }
}
