package io.llmbatch4j.samples;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import reactor.core.publisher.Mono;

/**
 * Classifies simulated support tickets with a simulated model: 5-30 ms per call, about 5% of calls
 * failing with a transient 503 (retried with backoff), and prints the run's summary.
 *
 * <p>Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples exec:java}
 * ({@code -Dexec.args=200} for another item count).
 */
public final class QuickStartSample {

    static final String[] CATEGORIES = {"billing", "login", "shipping", "refund", "bug", "other"};
    private static final String[] TICKETS = {
        "I was charged twice for my subscription this month",
        "I cannot log in after resetting my password",
        "My parcel has been stuck in transit for nine days",
        "Please refund the order I cancelled yesterday",
        "The export button crashes the app on Android",
        "How do I change the language of the dashboard?",
    };

    private QuickStartSample() {}

    /** The seed of the simulation: the same seed gives the same latencies, failures and answers. */
    static final long SEED = 42L;

    /**
     * A stand-in for a real chat model: answers after 5-30 ms with a category picked from the
     * ticket's words, and fails about 5% of attempts with a simulated 503 (retried by the processor).
     *
     * <p>The randomness is seeded per item and attempt ({@link #SEED}, the item id, the attempt
     * number) rather than drawn from one shared {@code Random}, whose sequence would depend on the
     * order in which the 50 workers happen to call it; so every run has the same shape.
     */
    static final class SimulatedClassifier implements LLMCallStrategy<String> {
        private final long seed;

        SimulatedClassifier(long seed) {
            this.seed = seed;
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            SplittableRandom random =
                    new SplittableRandom((seed * 31 + attempt.itemId().hashCode()) * 31 + attempt.number());
            Duration latency = Duration.ofMillis(5 + random.nextInt(26));
            if (random.nextInt(100) < 5) {
                return Mono.delay(latency).then(Mono.error(new TransientProviderException("simulated 503", 503, null)));
            }
            TokenUsage usage = TokenUsage.of(40 + prompt.length() / 4, 2);
            return Mono.delay(latency).thenReturn(new LLMResponse<>(classify(prompt), usage, "simulated-small"));
        }

        static String classify(String ticket) {
            String t = ticket.toLowerCase(Locale.ROOT);
            if (t.contains("charged") || t.contains("invoice")) {
                return "billing";
            } else if (t.contains("log in") || t.contains("password")) {
                return "login";
            } else if (t.contains("parcel") || t.contains("transit")) {
                return "shipping";
            } else if (t.contains("refund")) {
                return "refund";
            } else if (t.contains("crash") || t.contains("error")) {
                return "bug";
            }
            return "other";
        }
    }

    /** Processes {@code count} tickets and returns the collected result. */
    public static BatchResult<String, Integer> run(int count) {
        LLMCallStrategy<String> classifier = new SimulatedClassifier(SEED);
        List<LLMWorkItem<String, Integer>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String text = TICKETS[i % TICKETS.length] + " (ticket #" + i + ")";
            items.add(new LLMWorkItem<>("ticket-" + i, classifier, text, i));
        }
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(50).timeoutPerItem(Duration.ofSeconds(5))
                .retry(RetryConfig.builder().initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500))
                        .build())
                .build();
        try (ParallelBatchProcessor<String, Integer> processor =
                ParallelBatchProcessor.<String, Integer>builder().config(config).build()) {
            return processor.processAll(items).block(Duration.ofMinutes(5));
        }
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        BatchResult<String, Integer> result = run(count);
        Map<String, Integer> byCategory = new TreeMap<>();
        Map<ErrorKind, Integer> failures = new TreeMap<>();
        long attempts = 0;
        for (WorkItemResult<String, Integer> r : result.results()) {
            attempts += r.attempts();
            if (r.success()) {
                byCategory.merge(r.output(), 1, Integer::sum);
            } else {
                failures.merge(r.errorKind(), 1, Integer::sum);
            }
        }
        System.out.printf("llmbatch4j quick start: %d simulated tickets, 50 workers%n", result.total());
        System.out.printf("  succeeded   %d%n  failed      %d %s%n", result.succeeded(), result.failed(), failures);
        System.out.printf("  attempts    %d (retries %d)%n", attempts, attempts - result.total());
        System.out.printf("  tokens      in %d, out %d%n", result.usage().inputTokens(), result.usage().outputTokens());
        System.out.printf("  duration    %d ms, %.0f items/s%n", result.duration().toMillis(),
                result.throughputPerSecond());
        System.out.printf("  latency     (per item, waits for a worker included) p50 %d ms, p95 %d ms, p99 %d ms%n", result.latency().p50().toMillis(),
                result.latency().p95().toMillis(), result.latency().p99().toMillis());
        System.out.printf("  categories  %s%n", byCategory);
    }
}
