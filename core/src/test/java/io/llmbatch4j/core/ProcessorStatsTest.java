package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ProcessorStatsTest {

    @Test
    void printsAReadableSummaryWithEveryCounter() {
        ProcessorStats stats = new ProcessorStats(1000, 998, 2, 51, 3, 0, 50, false, Duration.ofSeconds(2),
                new TokenUsage(120_000, 2_000, 500), 4, new LatencySummary(1000, Duration.ofMillis(12),
                        Duration.ofMillis(25), Duration.ofMillis(31), Duration.ofMillis(40)), 1);

        assertThat(stats).hasToString("ProcessorStats[1,000 started: 998 succeeded, 2 failed, 0 in flight of 50"
                + " workers; 51 retries, 3 rate limits, cooldown off (2,000 ms spent); tokens 120,000 in (500 cached),"
                + " 2,000 out; latency p50 12 ms, p95 25 ms, p99 31 ms, max 40 ms; 4 events dropped, 1 post-process"
                + " failures]");
    }

    @Test
    void aProcessorsStatsPrintTheRunsCounts() {
        LLMCallStrategy<String> echo = (prompt, attempt) -> Mono.just(new LLMResponse<>(prompt, TokenUsage.of(3, 1), "m"));
        try (var processor = ParallelBatchProcessor.<String, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(4).build()).build()) {
            // no type witness: LLMWorkItem.of infers a no-context item for a <String, Void> processor
            List<WorkItemResult<String, Void>> results =
                    processor.process(Flux.range(0, 5).map(i -> LLMWorkItem.of("i" + i, echo, "p" + i)))
                            .collectList().block(Duration.ofSeconds(10));

            assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.context()).isNull());
            assertThat(processor.stats().toString()).startsWith("ProcessorStats[5 started: 5 succeeded, 0 failed, ")
                    .contains("of 4 workers", "tokens 15 in (0 cached), 5 out");
        }
    }
}
