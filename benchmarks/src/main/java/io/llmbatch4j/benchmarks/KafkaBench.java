package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.kafka.KafkaBatchRunner;
import io.llmbatch4j.kafka.KafkaBroker;
import io.llmbatch4j.kafka.KafkaRunnerConfig;
import io.llmbatch4j.kafka.RecordContext;
import io.llmbatch4j.kafka.RecordMapper;
import io.llmbatch4j.kafka.Topics;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/**
 * {@code kafka}: topic → engine → results topic against a real broker (child JVM), in one run:
 * <ul>
 *   <li>a no-op strategy through {@link KafkaBatchRunner} vs a raw kafka-clients loop doing the same
 *       work ({@link RawLoop}: poll, parse the JSON, write a JSON result keyed by id, flush, commit);
 *       alternating rounds, each over the whole topic with a fresh group, items/s from the first
 *       record polled to the last result acknowledged; the ratio's target is ≥ 0.8;
 *   <li>end to end with the testkit answering after 100 ms: achieved items/s vs workers ÷ latency
 *       (target ≥ 95%), after a warm-up run over the same topic with another group.
 * </ul>
 */
final class KafkaBench {

    private static final int PARTITIONS = 6;
    private static final int WARMUP = 1;
    private static final int ROUNDS = 3;
    private static final int E2E_WORKERS = 200;
    private static final Duration E2E_LATENCY = Duration.ofMillis(100);

    private KafkaBench() {}

    static void run(double scale) throws Exception {
        int items = Math.max(1_000, (int) (200_000 * scale));
        try (KafkaBroker broker = KafkaBroker.start(Map.of())) {
            broker.createTopics(PARTITIONS, "bench-in", "bench-out", "bench-in.dlq", "e2e-in", "e2e-out");
            Topics.write(broker.bootstrapServers(), "bench-in", json(items));
            List<Double> raw = new ArrayList<>();
            List<Double> engine = new ArrayList<>();
            LLMCallStrategy<String> noop = (prompt, attempt) -> Mono.just(LLMResponse.of("ok:" + prompt));
            for (int round = 0; round < WARMUP + ROUNDS; round++) {
                double r = RawLoop.run(broker.bootstrapServers(), "bench-in", "bench-out", "raw-" + round, items);
                double e = engine(broker.bootstrapServers(), "bench-in", "bench-out", "engine-" + round, items, noop, 64);
                if (round >= WARMUP) {
                    raw.add(r);
                    engine.add(e);
                }
            }
            double rawMedian = Rounds.median(raw);
            double engineMedian = Rounds.median(engine);
            System.out.printf("kafka: %,d items, %d partitions, %d warmup + %d rounds alternating; raw loop %s items/s,"
                    + " engine (no-op, 64 workers) %s items/s%n", items, PARTITIONS, WARMUP, ROUNDS, raw, engine);
            System.out.printf("kafka: median raw %,.0f items/s, engine %,.0f items/s, ratio %.2f (target >= 0.8)%n",
                    rawMedian, engineMedian, engineMedian / rawMedian);

            int e2eItems = Math.max(500, (int) (20_000 * scale));
            Topics.write(broker.bootstrapServers(), "e2e-in", json(e2eItems));
            FakeServerConfig fixed = FakeServerConfig.builder().latency(LatencyProfile.fixed(E2E_LATENCY)).build();
            try (FakeLlmServer fake = FakeLlmServer.start(fixed);
                    HttpTransport transport = HttpTransport.create(TransportConfig.builder()
                            .maxConnections(E2E_WORKERS).build())) {
                OpenAiChatClient client = OpenAiChatClient.create(transport, ProviderConfig.openAi()
                        .baseUrl(fake.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build());
                ChatStrategy chat = ChatStrategy.builder(client, "gpt-4.1-mini").maxOutputTokens(16).build();
                // the first run warms up the JIT and opens the connections; the second is measured
                engine(broker.bootstrapServers(), "e2e-in", "e2e-out", "e2e-warmup", e2eItems, chat, E2E_WORKERS);
                double achieved = engine(broker.bootstrapServers(), "e2e-in", "e2e-out", "e2e", e2eItems, chat,
                        E2E_WORKERS);
                double ideal = E2E_WORKERS * 1000.0 / E2E_LATENCY.toMillis();
                System.out.printf("kafka e2e: %,d items, %d workers, testkit latency %d ms: %,.0f items/s of %,.0f"
                        + " (%.1f%%, target >= 95%%)%n", e2eItems, E2E_WORKERS, E2E_LATENCY.toMillis(), achieved,
                        ideal, 100 * achieved / ideal);
            }
        }
    }

    static List<String> json(int items) {
        return IntStream.range(0, items).mapToObj(i -> "{\"id\":\"t" + i + "\",\"prompt\":\"Ticket #" + i + "\"}")
                .toList();
    }

    /** One runner over the whole topic with a fresh group; items/s from the first poll to the last ack. */
    private static double engine(String servers, String in, String out, String group, int items,
            LLMCallStrategy<String> strategy, int workers) throws InterruptedException {
        KafkaRunnerConfig config = KafkaRunnerConfig.builder().bootstrapServers(servers).inputTopic(in).outputTopic(out)
                .groupId(group).maxInFlight(Math.max(5_000, workers * 4)).build();
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = ParallelBatchProcessor
                .<String, RecordContext<Void>>builder().config(ProcessorConfig.builder().maxWorkers(workers)
                        .detectDuplicateIds(false).timeoutPerItem(Duration.ofSeconds(60)).build()).build();
                KafkaBatchRunner<String, Void> runner = KafkaBatchRunner.builder(config, processor,
                        RecordMapper.json(strategy)).build().start()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (runner.stats().polled() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1); // waiting for the group join: not part of the measurement
            }
            long start = System.nanoTime();
            while (runner.stats().resultsWritten() < items && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            return items / ((System.nanoTime() - start) / 1e9);
        }
    }
}
