package io.llmbatch4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI as a child process, killed with SIGKILL at random points six times and then run to the
 * end: every input item is in the output exactly once, and no item finished before a run started
 * was sent to the provider by that run (the fake provider lives in this JVM, so its request log
 * sees every child).
 */
class CrashResumeTest {

    private static final int ITEMS = 400;
    private static final int KILLS = 6;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void killedAtRandomPointsAndRerunEveryItemEndsExactlyOnceAndFinishedItemsAreNeverResent() throws Exception {
        Path input = dir.resolve("in.jsonl");
        Path output = dir.resolve("out.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ITEMS; i++) {
            sb.append("{\"id\":\"k").append(i).append("\",\"prompt\":\"Crash ticket #").append(i).append("#\"}\n");
        }
        Files.writeString(input, sb);
        SplittableRandom random = new SplittableRandom(7);
        FakeServerConfig slow = FakeServerConfig.builder()
                .latency(LatencyProfile.uniform(Duration.ofMillis(10), Duration.ofMillis(40))).build();
        try (FakeLlmServer server = FakeLlmServer.start(slow)) {
            int killed = 0;
            for (int round = 0; round <= KILLS; round++) {
                Set<String> finishedBefore = finishedIds(output);
                server.clearRequests();
                Process child = start(server, input, output);
                boolean last = round == KILLS;
                if (!last) {
                    int grow = 20 + random.nextInt(40);
                    if (ChildCli.waitForLines(output, finishedBefore.size() + grow, child)) {
                        child.destroyForcibly();
                        killed++;
                    }
                }
                assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child ends").isTrue();
                if (last) {
                    assertThat(child.exitValue()).as("the last run finishes everything").isZero();
                }
                assertThat(resentIds(server.requests(), finishedBefore)).as("round %d resent finished items", round)
                        .isEmpty();
            }
            assertThat(killed).as("kills that hit a running child").isGreaterThanOrEqualTo(5);
        }
        List<String> lines = Files.readAllLines(output).stream().filter(l -> !l.isBlank()).toList();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            counts.merge(JSON.readTree(line).path("id").asString(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(ITEMS);
        assertThat(counts.values()).allMatch(n -> n == 1);
    }

    private static Process start(FakeLlmServer server, Path input, Path output) throws IOException {
        return ChildCli.start(List.of("run", "--input", input.toString(), "--output", output.toString(), "--base-url",
                server.baseUrl(), "--workers", "8", "--progress", "off", "--fsync-every", "0"),
                ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.DISCARD);
    }

    private static Set<String> finishedIds(Path output) throws IOException {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(output)) {
            return ids;
        }
        String text = Files.readString(output);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return ids;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                ids.add(JSON.readTree(line).path("id").asString());
            }
        }
        return ids;
    }

    private static Set<String> resentIds(List<RecordedRequest> requests, Set<String> finished) {
        Set<String> resent = new HashSet<>();
        for (RecordedRequest r : requests) {
            int at = r.body().indexOf("Crash ticket #");
            if (at >= 0) {
                int start = at + "Crash ticket #".length();
                String id = "k" + r.body().substring(start, r.body().indexOf('#', start));
                if (finished.contains(id)) {
                    resent.add(id);
                }
            }
        }
        return resent;
    }
}
