package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.ModelBehavior;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measurement, not a behaviour test: (1) what escalating from a cheap model costs compared with
 * always calling the best one, at the bundled catalog's prices; (2) how many items whose first
 * answer failed validation are rescued by a retry with feedback vs a plain retry. Figures go to
 * {@code target/measurement-issue5.txt} and the test's output. Each scenario runs on a fresh fake
 * server with the same seed, so every arm sees the same first-attempt draws (a paired comparison).
 */
class EscalationAndFeedbackMeasurementTest {

    private static final int ITEMS = 1_000;
    private static final String CHEAP = "gpt-4.1-nano";
    private static final String MID = "gpt-4.1-mini";
    private static final String BEST = "gpt-4.1";
    private static final double CHEAP_INVALID_SHARE = 0.30;
    private static final ModelCatalog CATALOG = ModelCatalog.defaults();
    private static final StringBuilder REPORT = new StringBuilder();
    private static HttpTransport transport;

    @BeforeAll
    static void start() {
        transport = HttpTransport.create();
    }

    @AfterAll
    static void stop() throws IOException {
        transport.close();
        Files.writeString(Path.of("target", "measurement-issue5.txt"), REPORT);
        System.out.println(REPORT);
    }

    private static FakeLlmServer server() {
        return FakeLlmServer.start(FakeServerConfig.builder()
                .modelBehavior(CHEAP, ModelBehavior.schemaViolation(CHEAP_INVALID_SHARE))
                .modelBehavior(MID, ModelBehavior.schemaViolation(0.10))
                .build());
    }

    private static StructuredOutputStrategy<Person> base(FakeLlmServer server) {
        return StructuredOutputStrategy.builder(Fixtures.client("openai", transport, server), CHEAP, Person.class)
                .systemPrompt("Extract the person described by the user as JSON.").build();
    }

    private record Run(BatchResult<Person, Void> result, Map<String, List<Recording.Call>> calls) {
        double cost() {
            return calls.values().stream().flatMap(List::stream)
                    .mapToDouble(c -> CATALOG.resolve("openai", c.step()).cost(c.usage(), 0, false)).sum();
        }

        Map<ErrorKind, Long> failedCalls() {
            return calls.values().stream().flatMap(List::stream).filter(c -> c.outcome() != null)
                    .collect(java.util.stream.Collectors.groupingBy(Recording.Call::outcome,
                            java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        }

        long callsTo(String model) {
            return calls.values().stream().flatMap(List::stream).filter(c -> c.step().equals(model)).count();
        }

        TokenUsage usage() {
            return calls.values().stream().flatMap(List::stream).map(Recording.Call::usage)
                    .reduce(TokenUsage.ZERO, TokenUsage::plus);
        }
    }

    private static Run run(int maxAttempts,
            Function<Map<String, List<Recording.Call>>, LLMCallStrategy<Person>> strategy) {
        Map<String, List<Recording.Call>> calls = Recording.log();
        // a generous timeout: a timed-out call on this shared machine would be a retry that is not the model's fault
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(64).timeoutPerItem(Duration.ofSeconds(20))
                .retry(RetryConfig.builder().maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(5)).build())
                .build();
        String prompt = "Ada Lovelace, 36, admin, ada@example.org, lives in London 12345";
        return new Run(Fixtures.run(config, Fixtures.items(ITEMS, strategy.apply(calls), prompt)), calls);
    }

    private static void line(String format, Object... args) {
        REPORT.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    @Test
    void escalationCostsLessThanAlwaysUsingTheBestModel() {
        Run best;
        Run two;
        Run three;
        try (FakeLlmServer server = server()) {
            StructuredOutputStrategy<Person> base = base(server);
            best = run(3, calls -> new Recording<>(BEST, base.withModel(BEST), calls));
        }
        try (FakeLlmServer server = server()) {
            StructuredOutputStrategy<Person> base = base(server);
            two = run(3, calls -> ModelEscalationStrategy.ofModels(List.of(CHEAP, BEST),
                    m -> new Recording<>(m, base.withModel(m), calls)));
        }
        try (FakeLlmServer server = server()) {
            StructuredOutputStrategy<Person> base = base(server);
            three = run(4, calls -> ModelEscalationStrategy.ofModels(List.of(CHEAP, MID, BEST),
                    m -> new Recording<>(m, base.withModel(m), calls)));
        }
        line("(1) escalation vs best model only: %d items, %s answers schema-invalid %.0f%% of the time, "
                + "%s 10%%, %s 0%%; prices from the bundled catalog (USD per 1M in/out: nano 0.10/0.40, "
                + "mini 0.40/1.60, gpt-4.1 2.00/8.00)", ITEMS, CHEAP, CHEAP_INVALID_SHARE * 100, MID, BEST);
        for (var e : List.of(Map.entry("best only (" + BEST + ")", best), Map.entry(CHEAP + " -> " + BEST, two),
                Map.entry(CHEAP + " -> " + MID + " -> " + BEST, three))) {
            Run r = e.getValue();
            line("  %-40s succeeded %4d/%d  calls nano %4d mini %4d best %4d  tokens in %7d out %7d  cost $%.5f"
                    + "  (%.1f%% of best-only)  failed calls %s", e.getKey(), r.result().succeeded(), ITEMS,
                    r.callsTo(CHEAP), r.callsTo(MID), r.callsTo(BEST), r.usage().inputTokens(),
                    r.usage().outputTokens(), r.cost(), 100 * r.cost() / best.cost(), r.failedCalls());
        }
        assertThat(two.result().succeeded()).isEqualTo(ITEMS);
        assertThat(two.cost()).isLessThan(best.cost());
        assertThat(three.cost()).isLessThan(best.cost());
    }

    @Test
    void shareOfFirstFailuresRescuedByFeedbackVersusPlainRetry() {
        line("(2) rescue by one or two retries on %s only (%.0f%% schema-invalid per attempt), %d items:",
                CHEAP, CHEAP_INVALID_SHARE * 100, ITEMS);
        for (int attempts : new int[] {2, 3}) {
            Run plain;
            Run feedback;
            try (FakeLlmServer server = server()) {
                StructuredOutputStrategy<Person> base = base(server);
                plain = run(attempts, calls -> new Recording<>(CHEAP, base, calls));
            }
            try (FakeLlmServer server = server()) {
                StructuredOutputStrategy<Person> base = base(server);
                feedback = run(attempts, calls -> ValidationFeedbackRetryStrategy.wrap(
                        new Recording<>(CHEAP, base, calls)));
            }
            for (var e : List.of(Map.entry("plain retry", plain), Map.entry("feedback retry", feedback))) {
                Run r = e.getValue();
                List<String> firstFailed = r.calls().entrySet().stream()
                        .filter(c -> c.getValue().get(0).outcome() == ErrorKind.VALIDATION).map(Map.Entry::getKey)
                        .toList();
                long rescued = r.result().results().stream()
                        .filter(x -> x.success() && firstFailed.contains(x.itemId())).count();
                long retryInput = r.calls().values().stream().flatMap(List::stream).filter(c -> c.attempt() > 1)
                        .mapToLong(c -> c.usage().inputTokens()).sum();
                long retries = r.calls().values().stream().mapToLong(l -> l.size() - 1).sum();
                line("  maxAttempts %d  %-15s first attempt failed %3d  rescued %3d (%.1f%%)  retries %3d"
                        + "  input tokens per retry %.0f", attempts, e.getKey(), firstFailed.size(), rescued,
                        100.0 * rescued / firstFailed.size(), retries, retries == 0 ? 0.0 : (double) retryInput / retries);
                assertThat(rescued).isPositive();
            }
        }
        line("  note: the testkit draws answer quality per attempt from (seed, request body, times seen), "
                + "never from the prompt's content, so feedback cannot help here; see the report.");
    }
}
