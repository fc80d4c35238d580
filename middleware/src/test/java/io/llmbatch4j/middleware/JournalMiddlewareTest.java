package io.llmbatch4j.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.WorkItemResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JournalMiddlewareTest {

    @TempDir
    Path dir;
    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    private JournalMiddleware<String, Void> journal(Path file) {
        return JournalMiddleware.<String, Void>builder(file, String.class).ioScheduler(Schedulers.immediate()).build();
    }

    private static List<String> ids(Path file) throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        return Files.readAllLines(file).stream().map(l -> mapper.readTree(l).get("id").asString()).toList();
    }

    @Test
    void aRerunAnswersFinishedItemsFromTheJournalWithoutCallingTheModel() {
        Path file = dir.resolve("journal.jsonl");
        var first = Runs.Counting.answering(vts);
        try (var j = journal(file)) {
            Runs.run(vts, 2, Runs.items(first, 5), List.of(), j);
        }
        var second = Runs.Counting.answering(vts);
        BatchResult<String, Void> rerun;
        try (var j = journal(file)) {
            rerun = Runs.run(vts, 2, Runs.items(second, 5), List.of(), j);
        }
        assertThat(first.total.get()).isEqualTo(5);
        assertThat(second.total.get()).isZero();
        assertThat(rerun.results()).extracting(WorkItemResult::output)
                .containsExactly("answer to prompt 0", "answer to prompt 1", "answer to prompt 2", "answer to prompt 3",
                        "answer to prompt 4");
        assertThat(rerun.results()).allSatisfy(r -> {
            assertThat(r.attempts()).isZero();
            assertThat(r.model()).isEqualTo("m");
            assertThat(r.usage().isZero()).isTrue();
        });
    }

    @Test
    void afterAKillMidWriteTheTornLastLineIsCutOffAndEveryItemEndsExactlyOnce() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (var j = journal(file)) {
            Runs.run(vts, 1, Runs.items(Runs.Counting.answering(vts), 3), List.of(), j);
        }
        // kill -9 while item-3's line was being written
        Files.writeString(file, "{\"id\":\"item-3\",\"ok\":true,\"outp", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        var rerun = Runs.Counting.answering(vts);
        BatchResult<String, Void> result;
        try (var j = journal(file)) {
            result = Runs.run(vts, 2, Runs.items(rerun, 5), List.of(), j);
        }
        assertThat(rerun.calls).containsOnlyKeys("item-3", "item-4");
        assertThat(result.succeeded()).isEqualTo(5);
        assertThat(ids(file)).containsExactlyInAnyOrder("item-0", "item-1", "item-2", "item-3", "item-4");
        assertThat(Files.readString(file)).endsWith("\n");
    }

    @Test
    void aLineThatDoesNotParseIsSkippedAndItsItemRunsAgain() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Files.writeString(file, "{\"id\":\"item-0\",\"ok\":true,\"output\":\"kept\",\"model\":\"m\"}\nnot json\n");
        var strategy = Runs.Counting.answering(vts);
        BatchResult<String, Void> result;
        try (var j = journal(file)) {
            result = Runs.run(vts, 1, Runs.items(strategy, 2), List.of(), j);
        }
        assertThat(result.results().get(0).output()).isEqualTo("kept");
        assertThat(strategy.calls).containsOnlyKeys("item-1");
    }

    @Test
    void anItemIsReportedDoneOnlyOnceItsLineIsInTheJournal() {
        Path file = dir.resolve("journal.jsonl");
        List<String> missing = new CopyOnWriteArrayList<>();
        io.llmbatch4j.core.ProcessingObserver check = event -> {
            if (event instanceof ProcessingEvent.ItemSucceeded s) {
                try {
                    if (!Files.readString(file).contains("\"" + s.itemId() + "\"")) {
                        missing.add(s.itemId());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try (var j = journal(file)) {
            Runs.run(vts, 3, Runs.items(Runs.Counting.answering(vts), 6), List.of(check), j);
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void failuresAreJournaledOnlyForTheKindsConfiguredAsFinal() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        var failing = new Runs.Counting(vts, Duration.ofMillis(10), (prompt, n) -> prompt.endsWith("0")
                ? Mono.error(new PermanentProviderException("400 bad request"))
                : Mono.just(LLMResponse.of("ok")));
        try (var j = JournalMiddleware.<String, Void>builder(file, String.class).ioScheduler(Schedulers.immediate())
                .recordFailures(Set.of(ErrorKind.PERMANENT)).build()) {
            Runs.run(vts, 1, Runs.items(failing, 2), List.of(), j);
        }
        var again = Runs.Counting.answering(vts);
        BatchResult<String, Void> rerun;
        try (var j = journal(file)) {
            rerun = Runs.run(vts, 1, Runs.items(again, 2), List.of(), j);
        }
        assertThat(again.total.get()).isZero();
        assertThat(rerun.results().get(0).errorKind()).isEqualTo(ErrorKind.PERMANENT);
        assertThat(rerun.results().get(0).error().message()).contains("400 bad request");

        Path other = dir.resolve("successes-only.jsonl");
        try (var j = journal(other)) {
            Runs.run(vts, 1, Runs.items(failing, 2), List.of(), j);
        }
        assertThat(ids(other)).containsExactly("item-1");
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void everyFsyncPolicyWritesTheSameJournal(FsyncPolicy policy) throws IOException {
        Path file = dir.resolve(policy + ".jsonl");
        try (var j = JournalMiddleware.<String, Void>builder(file, String.class).ioScheduler(Schedulers.immediate())
                .fsync(policy).build()) {
            Runs.run(vts, 2, Runs.items(Runs.Counting.answering(vts), 4), List.of(), j);
        }
        JsonNode first = JsonMapper.builder().build().readTree(Files.readAllLines(file).get(0));
        assertThat(ids(file)).hasSize(4);
        assertThat(first.get("usage").get("input").asLong()).isEqualTo(20);
    }
}
