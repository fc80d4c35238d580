package io.llmbatch4j.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.WorkItemResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

/** A real kill -9 of a process writing the journal, then a rerun in this JVM. */
class JournalCrashTest {

    private static final int ITEMS = 2_000;

    @TempDir
    Path dir;

    private static List<String> completeLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    @Test
    void aRunKilledWithSigkillThenRerunEndsEveryItemExactlyOnce() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(), file.toString(),
                Integer.toString(ITEMS)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (completeLines(file).size() < 50) {
                if (System.nanoTime() > deadline || !child.isAlive()) {
                    fail("the child journaled " + completeLines(file).size() + " items (alive: " + child.isAlive() + ")");
                }
                Thread.sleep(5); // a real process: polled in real time
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).as("killed, not finished").isNotZero();
        JsonMapper mapper = JsonMapper.builder().build();
        Set<String> journaledBefore = new HashSet<>();
        for (String line : completeLines(file)) {
            journaledBefore.add(mapper.readTree(line).get("id").asString());
        }
        assertThat(journaledBefore).hasSizeBetween(50, ITEMS - 1);

        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        Runs.Counting rerun = Runs.Counting.answering(vts);
        BatchResult<String, Void> result;
        try (JournalMiddleware<String, Void> journal = JournalMiddleware.<String, Void>builder(file, String.class)
                .ioScheduler(Schedulers.immediate()).build()) {
            result = Runs.run(vts, 16, Runs.items(rerun, ITEMS), List.of(), journal);
        }

        assertThat(result.succeeded()).isEqualTo(ITEMS);
        assertThat(result.results()).extracting(WorkItemResult::output)
                .allSatisfy(o -> assertThat(o).startsWith("answer to prompt "));
        assertThat(rerun.calls.keySet()).doesNotContainAnyElementsOf(journaledBefore);
        assertThat(rerun.calls.size() + journaledBefore.size()).isEqualTo(ITEMS);
        List<String> ids = Files.readAllLines(file).stream().map(l -> mapper.readTree(l).get("id").asString()).toList();
        assertThat(ids).hasSize(ITEMS).doesNotHaveDuplicates();
    }
}
