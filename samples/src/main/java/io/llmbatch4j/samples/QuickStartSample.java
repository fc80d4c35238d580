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
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;

/**
 * Classifies simulated support tickets with a simulated model: 5-30 ms per call, about 5% of calls
 * failing with a transient 503 (retried with backoff), and prints the run's summary.
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

    /**
     * A stand-in for a real chat model: deterministic per prompt and attempt, so a run's shape is
     * stable. Attempt 1 of every 20th ticket fails with a simulated 503.
     */
    static final class SimulatedClassifier implements LLMCallStrategy<String> {
        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            int h = Math.abs(prompt.hashCode());
            Duration latency = Duration.ofMillis(5 + (h + attempt.number() * 7) % 26);
            if (attempt.number() == 1 && h % 20 == 0) {
                return Mono.delay(latency).then(Mono.error(new TransientProviderException("simulated 503", 503, null)));
            }
            String category = CATEGORIES[h % CATEGORIES.length];
            TokenUsage usage = TokenUsage.of(40 + prompt.length() / 4, 2);
            return Mono.delay(latency).thenReturn(new LLMResponse<>(category, usage, "simulated-small"));
        }
    }

    /** Processes {@code count} tickets and returns the collected result. */
    public static BatchResult<String, Integer> run(int count) {
        LLMCallStrategy<String> classifier = new SimulatedClassifier();
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
        System.out.printf("  latency     p50 %d ms, p95 %d ms, p99 %d ms%n", result.latency().p50().toMillis(),
                result.latency().p95().toMillis(), result.latency().p99().toMillis());
        System.out.printf("  categories  %s%n", byCategory);
    }
}
