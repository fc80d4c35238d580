package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cost tracking with observers: {@link CostTracker} prices every call as it ends (failed attempts
 * that spent tokens included) with the model catalog's prices, and keeps totals by model, item and
 * run that can be read while the run goes. Next to it, a hand-written observer in a few lines
 * counts tokens from {@code ItemSucceeded} events: any metric can be an observer.
 *
 * <p>The tickets go to three providers at once, all the embedded testkit (5% of calls answered
 * 503 and retried): OpenAI {@code gpt-4.1-mini}, Anthropic {@code claude-haiku-4-5} and Gemini
 * {@code gemini-2.5-flash}. Each strategy says which provider and model it calls
 * ({@code LLMCallStrategy.describe}), so every call is priced by the model it asked for, failed
 * attempts included. Run: {@code mvn -B -q
 * -DskipTests install && mvn -B -q -pl samples exec:java
 * -Dexec.mainClass=io.llmbatch4j.samples.patterns.CostTrackingSample}.
 */
public final class CostTrackingSample {

    /**
     * @param repriced the items' own usage priced again from their results, to compare with the tracker
     * @param countedTokens the tokens the hand-written observer counted
     */
    public record Outcome(long items, long succeeded, double totalUsd, Map<String, Double> byModel, double repriced,
            long countedTokens, long resultTokens) {}

    /** The seed's custom observer: tokens of the items that succeeded. Fast, never blocks, never throws. */
    static final class TokenCounter implements ProcessingObserver {
        final AtomicLong tokens = new AtomicLong();

        @Override
        public void onEvent(ProcessingEvent event) {
            if (event instanceof ProcessingEvent.ItemSucceeded s) {
                tokens.addAndGet(s.usage().total());
            }
        }
    }

    private CostTrackingSample() {}

    public static void main(String[] args) {
        Outcome o = run(90);
        System.out.printf("%d items, %d succeeded%n", o.items(), o.succeeded());
        o.byModel().forEach((model, usd) -> System.out.printf("  %-18s $%.6f%n", model, usd));
        System.out.printf("  %-18s $%.6f (the results priced again: $%.6f)%n", "total", o.totalUsd(), o.repriced());
        System.out.printf("tokens counted by the custom observer: %d (in the results: %d)%n", o.countedTokens(),
                o.resultTokens());
    }

    /** Starts the fake provider and sends {@code count} tickets, spread over three providers. */
    public static Outcome run(int count) {
        FakeServerConfig fakeConfig = FakeServerConfig.builder().faults(FaultRates.builder().http503(0.05).build())
                .build();
        try (FakeLlmServer fake = FakeLlmServer.start(fakeConfig); HttpTransport transport = HttpTransport.create()) {
            List<Route> routes = List.of(
                    described(OpenAiChatClient.create(transport, ProviderConfig.openAi().baseUrl(fake.baseUrl())
                            .apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()), "gpt-4.1-mini"),
                    described(AnthropicChatClient.create(transport, ProviderConfig.anthropic().baseUrl(fake.baseUrl())
                            .apiKey(FakeServerConfig.DEFAULT_ANTHROPIC_KEY).build()), "claude-haiku-4-5"),
                    described(GeminiChatClient.create(transport, ProviderConfig.gemini().baseUrl(fake.baseUrl())
                            .apiKey(FakeServerConfig.DEFAULT_GEMINI_KEY).build()), "gemini-2.5-flash"));
            List<LLMWorkItem<String, Route>> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Route route = routes.get(i % routes.size());
                items.add(new LLMWorkItem<>("ticket-" + i, route.strategy(), SampleTickets.text(i) + " (#" + i + ")",
                        route));
            }

            ModelCatalog catalog = ModelCatalog.defaults();
            CostTracker costs = new CostTracker((provider, model, usage) -> catalog.resolve(provider, model)
                    .cost(usage, 0, false));
            TokenCounter counter = new TokenCounter();
            ProcessorConfig config = ProcessorConfig.builder().maxWorkers(12).timeoutPerItem(Duration.ofSeconds(10))
                    .retry(RetryConfig.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(10)).build()).build();
            BatchResult<String, Route> result;
            try (ParallelBatchProcessor<String, Route> processor = ParallelBatchProcessor.<String, Route>builder()
                    .config(config).observer(costs, counter).build()) {
                result = processor.processAll(items).block(Duration.ofMinutes(1));
            }
            double repriced = 0;
            for (WorkItemResult<String, Route> r : result.results()) {
                repriced += catalog.resolve(r.context().provider(), r.context().model()).cost(r.usage(), 0, false);
            }
            return new Outcome(result.total(), result.succeeded(), costs.totalUsd(), costs.byModel(), repriced,
                    counter.tokens.get(), result.usage().total());
        }
    }

    /** Where an item goes; carried as the item's context. */
    record Route(String provider, String model, LLMCallStrategy<String> strategy) {}

    private static Route described(ChatClient client, String model) {
        return new Route(client.provider(), model, ChatStrategy.builder(client, model)
                .systemPrompt("Reply to the support ticket.").maxOutputTokens(120).build());
    }
}
