package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.batch.BatchJobRunner;
import io.llmbatch4j.providers.batch.BatchJournal;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchRunConfig;
import io.llmbatch4j.providers.batch.JournalEntry;
import io.llmbatch4j.providers.e2e.BatchFixtures.Ask;
import io.llmbatch4j.testkit.FaultRates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The runner end to end against the testkit: grouping, journal and restart, partial failures, cancel, fallback, files. */
class BatchJobRunnerTest extends BatchTestBase {

    private static final BatchRunConfig FAST = BatchRunConfig.builder().pollInitialDelay(Duration.ofMillis(5))
            .pollMaxDelay(Duration.ofMillis(20)).build();

    private Ask ask(String model, Fake.Kind kind) {
        return new Ask(kind.client(transport, server), model);
    }

    private static Map<String, WorkItemResult<String, Integer>> byId(List<WorkItemResult<String, Integer>> results) {
        return results.stream().collect(Collectors.toMap(WorkItemResult::itemId, r -> r));
    }

    @Test
    void mixedModelsBecomeOneBatchPerModelAndEveryItemGetsItsOwnAnswer() {
        BatchProvider openAi = BatchFixtures.openAi(transport, server, temp, b -> b);
        List<LLMWorkItem<String, Integer>> items = new ArrayList<>(BatchFixtures.items(ask("gpt-4.1-mini", Fake.Kind.OPENAI), "mini-", 6));
        items.addAll(BatchFixtures.items(ask("gpt-4.1-nano", Fake.Kind.OPENAI), "nano-", 4));
        BatchJobRunner<String, Integer> runner = BatchJobRunner.<String, Integer>builder().provider(openAi).config(FAST).build();

        List<WorkItemResult<String, Integer>> results = runner.run(items).collectList().block();

        assertThat(results).hasSize(10).allSatisfy(r -> assertThat(r.success()).as(r.toString()).isTrue());
        assertThat(BatchFixtures.count(server, "POST", "/v1/batches")).isEqualTo(2);
        assertThat(results).filteredOn(r -> r.itemId().startsWith("nano-")).extracting(WorkItemResult::model)
                .allSatisfy(m -> assertThat(m).startsWith("gpt-4.1-nano"));
        assertThat(byId(results).get("mini-3").context()).isEqualTo(3);
    }

    @Test
    void chunksBeyondTheConfiguredLimitAreSeparateBatches() {
        BatchProvider openAi = BatchFixtures.openAi(transport, server, temp, b -> b.maxRequests(4));
        List<WorkItemResult<String, Integer>> results = BatchJobRunner.<String, Integer>builder().provider(openAi)
                .config(FAST).build().run(BatchFixtures.items(ask("gpt-4.1-mini", Fake.Kind.OPENAI), "i", 9))
                .collectList().block();
        assertThat(results).hasSize(9).allSatisfy(r -> assertThat(r.success()).isTrue());
        assertThat(BatchFixtures.count(server, "POST", "/v1/batches")).isEqualTo(3);
    }

    @Test
    void partialFailuresAreMappedToTheirOwnItemsAndTheRawResultsAndOutputsAreKept() throws Exception {
        server.reconfigure(server.config().toBuilder().faults(FaultRates.builder().http500(0.4).build()).build());
        Path out = Files.createTempDirectory("llmbatch4j-out");
        BatchProvider anthropic = BatchFixtures.anthropic(transport, server, temp);
        BatchRunConfig config = BatchRunConfig.builder()
                .pollInitialDelay(Duration.ofMillis(5)).pollMaxDelay(Duration.ofMillis(20)).outputDirectory(out).build();
        List<WorkItemResult<String, Integer>> results = BatchJobRunner.<String, Integer>builder().provider(anthropic)
                .config(config).build().run(BatchFixtures.items(ask("claude-sonnet-4-5", Fake.Kind.ANTHROPIC), "p1_t", 12))
                .collectList().block();

        assertThat(results).hasSize(12);
        List<String> raw;
        try (Stream<Path> files = Files.list(out)) {
            Path rawFile = files.filter(p -> p.toString().endsWith(".results.jsonl")).findFirst().orElseThrow();
            raw = Files.readAllLines(rawFile);
        }
        assertThat(raw).hasSize(12);
        List<WorkItemResult<String, Integer>> failed = results.stream().filter(r -> !r.success()).toList();
        assertThat(failed).isNotEmpty().hasSizeLessThan(12);
        for (WorkItemResult<String, Integer> r : results) {
            String line = raw.stream().filter(l -> l.contains("\"custom_id\":\"" + r.itemId() + "\"")).findFirst()
                    .orElseThrow();
            assertThat(line).contains(r.success() ? "\"succeeded\"" : "\"errored\"");
            assertThat(Files.exists(out.resolve("items").resolve(r.itemId() + ".txt"))).isEqualTo(r.success());
        }
        assertThat(failed).allSatisfy(r -> assertThat(r.errorKind()).isEqualTo(ErrorKind.TRANSIENT));
    }

    @Test
    void aRestartInTheMiddleOfPollingResumesTheSameBatchAndNeverSubmitsAgain() throws Exception {
        Path journalFile = Files.createTempFile("llmbatch4j-journal", ".jsonl");
        Files.delete(journalFile);
        BatchProvider openAi = BatchFixtures.openAi(transport, server, temp, b -> b);
        List<LLMWorkItem<String, Integer>> items = BatchFixtures.items(ask("gpt-4.1-mini", Fake.Kind.OPENAI), "r", 5);
        VirtualTimeScheduler frozen = VirtualTimeScheduler.create();
        BatchJobRunner<String, Integer> first = BatchJobRunner.<String, Integer>builder().provider(openAi)
                .journal(BatchJournal.file(journalFile)).scheduler(frozen).build();
        Disposable crashed = first.run(items).subscribe();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (BatchFixtures.matching(server, "GET", "/v1/batches/").isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // waiting on real HTTP, not timing it
        }
        crashed.dispose(); // the first process "dies" while waiting for its second poll

        List<JournalEntry> journaled = BatchJournal.file(journalFile).entries().collectList().block();
        assertThat(journaled).hasSize(1);
        BatchJobRunner<String, Integer> second = BatchJobRunner.<String, Integer>builder().provider(openAi)
                .journal(BatchJournal.file(journalFile)).config(FAST).build();
        List<WorkItemResult<String, Integer>> results = second.run(items).collectList().block();

        assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.success()).isTrue());
        assertThat(BatchFixtures.count(server, "POST", "/v1/batches")).isEqualTo(1);
        assertThat(BatchFixtures.count(server, "POST", "/v1/files")).isEqualTo(1);
        assertThat(BatchFixtures.matching(server, "GET", "/v1/batches/")).allSatisfy(r ->
                assertThat(r.path()).contains(journaled.get(0).handle().batchId()));
        assertThat(journaled.get(0).itemIds()).containsOnlyKeys("r0", "r1", "r2", "r3", "r4");
        Files.deleteIfExists(journalFile);
    }

    @Test
    void cancelAllCancelsTheRunningBatchesAndTheirItemsEndCancelled() {
        BatchProvider anthropic = BatchFixtures.anthropic(transport, server, temp);
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        BatchJobRunner<String, Integer> runner = BatchJobRunner.<String, Integer>builder().provider(anthropic)
                .scheduler(time).build();
        List<WorkItemResult<String, Integer>> results = new ArrayList<>();
        Disposable run = runner.run(BatchFixtures.items(ask("claude-sonnet-4-5", Fake.Kind.ANTHROPIC), "c", 4))
                .subscribe(results::add);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (BatchFixtures.matching(server, "GET", "/v1/messages/batches/").isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // waiting on real HTTP, not timing it
        }
        runner.cancelAll().block();
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!run.isDisposed() && results.size() < 4 && System.nanoTime() < deadline) {
            // The poll waits are virtual and the HTTP is real: a poll's delay may be scheduled just after an
            // advance (its reply was still in flight), so when no poll follows within 100 ms, advance again.
            int polls = BatchFixtures.matching(server, "GET", "/v1/messages/batches/").size();
            time.advanceTimeBy(BatchRunConfig.DEFAULT_POLL_MAX_DELAY);
            long turn = System.nanoTime() + Duration.ofMillis(100).toNanos();
            while (BatchFixtures.matching(server, "GET", "/v1/messages/batches/").size() == polls
                    && results.size() < 4 && System.nanoTime() < Math.min(turn, deadline)) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // waiting on real HTTP, not timing it
            }
        }
        assertThat(BatchFixtures.matching(server, "POST", "/cancel")).hasSize(1);
        assertThat(results).hasSize(4);
        assertThat(results).filteredOn(r -> !r.success()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.errorKind()).isEqualTo(ErrorKind.CANCELLED));
    }

    @Test
    void expiredItemsGoThroughTheRealtimeFallbackAndSucceedThere() {
        server.reconfigure(server.config().toBuilder().batchExpiredShare(0.5).build());
        BatchProvider openAi = BatchFixtures.openAi(transport, server, temp, b -> b);
        try (ParallelBatchProcessor<String, Integer> realtime = ParallelBatchProcessor.<String, Integer>builder().build()) {
            List<WorkItemResult<String, Integer>> results = BatchJobRunner.<String, Integer>builder().provider(openAi)
                    .config(FAST).fallback(realtime).scheduler(Schedulers.parallel()).build()
                    .run(BatchFixtures.items(ask("gpt-4.1-mini", Fake.Kind.OPENAI), "e", 6)).collectList().block();
            assertThat(results).hasSize(6).allSatisfy(r -> assertThat(r.success()).isTrue());
            assertThat(BatchFixtures.count(server, "POST", "/v1/chat/completions")).isEqualTo(3);
        }
    }

    @Test
    void itemsNoProviderSupportsFailPermanentlyWithoutFallback() {
        BatchProvider gemini = BatchFixtures.gemini(transport, server, temp);
        List<WorkItemResult<String, Integer>> results = BatchJobRunner.<String, Integer>builder().provider(gemini)
                .config(FAST).build().run(BatchFixtures.items(ask("gpt-4.1-mini", Fake.Kind.OPENAI), "x", 2))
                .collectList().block();
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.errorKind()).isEqualTo(ErrorKind.PERMANENT);
            assertThat(r.error().message()).contains("no batch provider supports model gpt-4.1-mini");
        });
        assertThat(server.requests()).isEmpty();
    }
}
