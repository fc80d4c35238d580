package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelInfo;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.strategies.CachedContextStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared context caching: a large knowledge base is sent to Gemini once, as an explicit
 * {@code cachedContents} entry made by the strategy's {@code prepare()}; every question then sends
 * only the cache's name and the question, and its context tokens are billed at the cached-input
 * price. The processor runs the strategy's {@code cleanup()} when the run ends, which deletes the
 * cache (its TTL would end it should the process die first).
 *
 * <p>The provider is the embedded testkit's Gemini endpoint. The sample asks {@code questions}
 * questions about a generated handbook of about 3,000 tokens and prints the tokens, the cost with
 * and without caching (the model catalog's prices; cache storage is not priced) and the cache's
 * life as the provider saw it. Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples
 * exec:java -Dexec.mainClass=io.llmbatch4j.samples.patterns.ContextCachingSample}.
 */
public final class ContextCachingSample {

    static final String MODEL = "gemini-2.5-flash";

    /**
     * @param usage the run's tokens; {@code cachedInputTokens} is the part read from the cache
     * @param cacheRequests the provider's log of cache calls ({@code METHOD path}), in order
     * @param callsCarryingContext generateContent requests that sent the handbook text itself (should be none)
     */
    public record Outcome(long questions, long answered, TokenUsage usage, double costUsd, double uncachedCostUsd,
            List<String> cacheRequests, long callsCarryingContext) {}

    private ContextCachingSample() {}

    public static void main(String[] args) {
        Outcome o = run(40);
        System.out.printf("%d questions, %d answered%n", o.questions(), o.answered());
        System.out.printf("input tokens %d, of which read from the cache %d; output tokens %d%n",
                o.usage().inputTokens(), o.usage().cachedInputTokens(), o.usage().outputTokens());
        System.out.printf("cost $%.6f with the cache, $%.6f without (%.0f%% saved)%n", o.costUsd(),
                o.uncachedCostUsd(), 100 * (1 - o.costUsd() / o.uncachedCostUsd()));
        System.out.println("cache calls the provider saw: " + o.cacheRequests());
    }

    /** Starts the fake provider and asks {@code questions} questions against one cached handbook. */
    public static Outcome run(int questions) {
        String handbook = handbook();
        try (FakeLlmServer fake = FakeLlmServer.start(FakeServerConfig.defaults());
             HttpTransport transport = HttpTransport.create()) {
            GeminiChatClient gemini = GeminiChatClient.create(transport, ProviderConfig.gemini()
                    .baseUrl(fake.baseUrl()).apiKey(FakeServerConfig.DEFAULT_GEMINI_KEY).build());
            CachedContextStrategy strategy = CachedContextStrategy.builder(gemini, MODEL, handbook)
                    .instructions("Answer the customer's question from the handbook, in one sentence.")
                    .ttl(Duration.ofMinutes(10)).maxOutputTokens(200).build();

            List<LLMWorkItem<String, Void>> items = new ArrayList<>();
            for (int i = 0; i < questions; i++) {
                items.add(LLMWorkItem.of("q-" + i, strategy, "Question " + i + ": " + SampleTickets.text(i)));
            }
            BatchResult<String, Void> result;
            try (ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                    .config(ProcessorConfig.builder().maxWorkers(8).timeoutPerItem(Duration.ofSeconds(10)).build())
                    .build()) {
                result = processor.processAll(items).block(Duration.ofMinutes(1));
            }

            ModelInfo prices = gemini.catalog().resolve(gemini.provider(), MODEL);
            TokenUsage usage = result.usage();
            TokenUsage uncached = new TokenUsage(usage.inputTokens(), usage.outputTokens(), 0);
            List<RecordedRequest> log = fake.requests();
            List<String> cacheCalls = log.stream().filter(r -> r.path().contains("cachedContents"))
                    .map(r -> r.method() + " " + r.pathWithoutQuery()).toList();
            String probe = handbook.substring(1000, 1100);
            long carrying = log.stream().filter(r -> r.path().contains(":generateContent"))
                    .filter(r -> r.body().contains(probe)).count();
            return new Outcome(result.total(), result.succeeded(), usage, prices.cost(usage, 0, false),
                    prices.cost(uncached, 0, false), cacheCalls, carrying);
        }
    }

    /** A made-up support handbook of about 12,000 characters (3,000 tokens). */
    static String handbook() {
        String[] topics = {"billing", "logins", "shipping", "the Android app", "the dashboard", "invoices",
            "two-factor codes", "couriers"};
        StringBuilder sb = new StringBuilder("ACME SUPPORT HANDBOOK\n");
        for (int section = 1; sb.length() < 12_000; section++) {
            String topic = topics[section % topics.length];
            sb.append("\nSection ").append(section).append(", about ").append(topic).append(". When a customer writes")
                    .append(" about ").append(topic).append(", first confirm the account e-mail, then check the last ")
                    .append(section).append(" events in the admin console. Rule ").append(section * 7)
                    .append(": never promise a refund above 50 EUR without a supervisor; escalate after ")
                    .append(section % 5 + 1).append(" working days without progress.\n");
        }
        return sb.toString();
    }
}
