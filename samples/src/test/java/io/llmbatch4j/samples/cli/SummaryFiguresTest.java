package io.llmbatch4j.samples.cli;

import static io.llmbatch4j.samples.cli.CliRuns.llmbatch;
import static io.llmbatch4j.samples.cli.CliRuns.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress and the summary say what happened. */
class SummaryFiguresTest {

    @TempDir
    Path dir;

    @Test
    void callLatencyAndTheWaitForAWorkerAreShownApart() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, tickets("l", 12));
        FakeServerConfig slow = FakeServerConfig.builder()
                .latency(LatencyProfile.uniform(Duration.ofMillis(40), Duration.ofMillis(60))).build();
        try (FakeLlmServer server = FakeLlmServer.start(slow)) {
            CliRuns.Run run = llmbatch("run", "-i", input.toString(), "-o", dir.resolve("out.jsonl").toString(),
                    "--base-url", server.baseUrl(), "--workers", "1", "--progress", "off");

            assertThat(run.code()).isZero();
            // one worker, 12 calls of 40-60 ms: a call takes ~50 ms, the last items wait ~500 ms for the worker
            assertThat(millis(run.out(), "call latency", "p50")).isBetween(40L, 300L);
            assertThat(millis(run.out(), "worker wait", "p95")).isGreaterThanOrEqualTo(300L);
        }
    }

    @Test
    void theProgressTotalCountsOnlyLinesThatRunSoItEndsAtAHundredPercent() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, tickets("g", 3) + "not json\n{\"id\":\"g0\",\"prompt\":\"duplicate\"}\n");
        try (FakeLlmServer server = FakeLlmServer.start()) {
            CliRuns.Run run = llmbatch("run", "-i", input.toString(), "-o", dir.resolve("out.jsonl").toString(),
                    "--base-url", server.baseUrl(), "--progress", "lines");

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.out()).contains("3/3 (100.0%)").doesNotContain("/5 (");
        }
    }

    @Test
    void aResumedRunWithNothingLeftSaysSoAndSendsNothing() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, tickets("n", 5));
        Path output = dir.resolve("out.jsonl");
        try (FakeLlmServer server = FakeLlmServer.start()) {
            String[] args = {"run", "-i", input.toString(), "-o", output.toString(), "--base-url", server.baseUrl(),
                "--progress", "off"};
            assertThat(llmbatch(args).code()).isZero();
            server.clearRequests();

            CliRuns.Run again = llmbatch(args);

            assertThat(again.code()).isZero();
            assertThat(again.out()).contains("Nothing left to do: every item of " + input + " is already in " + output);
            assertThat(server.requests()).isEmpty();
        }
    }

    private static long millis(String out, String label, String percentile) {
        Matcher m = Pattern.compile("(?m)^  " + label + " .*?" + percentile + " (\\d+) ms").matcher(out);
        assertThat(m.find()).as("'%s %s' in:%n%s", label, percentile, out).isTrue();
        return Long.parseLong(m.group(1));
    }
}
