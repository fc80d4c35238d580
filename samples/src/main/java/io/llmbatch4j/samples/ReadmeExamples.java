package io.llmbatch4j.samples;

import io.llmbatch4j.core.AdaptiveConcurrency;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.middleware.BudgetGuardMiddleware;
import io.llmbatch4j.middleware.JournalMiddleware;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.MicrometerObserver;
import io.llmbatch4j.observers.ModelPricing;
import io.llmbatch4j.observers.ProgressObserver;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.Provider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/**
 * The README's Java, compiled: each region between a {@code // readme-begin} and a
 * {@code // readme-end} line is one {@code ```java} block of {@code README.md}, in order, with its
 * indentation removed. {@code ReadmeExamplesTest} checks that the two are equal and runs each region
 * against the testkit, so the README cannot drift from code that compiles and works.
 *
 * <p>Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples exec:java
 * -Dexec.mainClass=io.llmbatch4j.samples.ReadmeExamples}.
 */
public final class ReadmeExamples {

    /** A support ticket, as the README's examples take them. */
    public record Ticket(String id, String text) {}

    private ReadmeExamples() {}

    /** The quick start: classifies {@code tickets} with a chat model behind the embedded fake provider. */
    static void quickStart(List<Ticket> tickets) {
        // readme-begin
        try (FakeLlmServer fake = FakeLlmServer.start();          // the testkit's fake provider on 127.0.0.1
             HttpTransport transport = HttpTransport.create()) {  // one connection pool for every client
            // for the real OpenAI: ProviderConfig.openAi().build() (the key from OPENAI_API_KEY)
            ProviderConfig openAi = fake.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint).build();
            ChatStrategy classify = ChatStrategy.builder(OpenAiChatClient.create(transport, openAi), "gpt-4.1-mini")
                    .systemPrompt("Classify the support ticket: billing, login, shipping, refund, bug or other.")
                    .maxOutputTokens(5).build();

            try (var processor = ParallelBatchProcessor.<String, Void>builder()
                    .config(ProcessorConfig.builder().maxWorkers(50).timeoutPerItem(Duration.ofSeconds(30)).build())
                    .build()) {
                processor.process(Flux.fromIterable(tickets).map(t -> LLMWorkItem.of(t.id(), classify, t.text())))
                        .filter(WorkItemResult::success)
                        .doOnNext(r -> System.out.println(r.itemId() + ": " + r.output()))
                        .blockLast();                     // or return the Flux from your WebFlux handler
                System.out.println(processor.stats());
            }
        }
        // readme-end
    }

    /** Quota, budget, metrics and a resumable journal around the quick start's {@code classify}. */
    static void withBudgets(List<Ticket> tickets, ChatStrategy classify, MeterRegistry meterRegistry,
            Path journalFile) {
        // readme-begin
        ModelCatalog catalog = ModelCatalog.defaults();
        ModelPricing pricing = (provider, model, usage) -> catalog.resolve(provider, model).cost(usage, 0, false);
        CostTracker costs = new CostTracker(pricing);
        List<LLMWorkItem<String, Void>> items =
                tickets.stream().map(t -> LLMWorkItem.of(t.id(), classify, t.text())).toList();

        try (var journal = JournalMiddleware.<String, Void>builder(journalFile, String.class).build();
             var processor = ParallelBatchProcessor.<String, Void>builder()
                     .config(ProcessorConfig.builder().maxWorkers(64)
                             .rateLimit(RateLimitConfig.builder().requestsPerMinute(9_700).tokensPerMinute(1_940_000)
                                     .build())
                             .adaptiveConcurrency(AdaptiveConcurrency.builder().minWorkers(4).maxWorkers(256).build())
                             .build())
                     .middleware(journal, BudgetGuardMiddleware.usd(25.0, costs::totalUsd))
                     .observer(costs, new MicrometerObserver(meterRegistry, pricing),
                             ProgressObserver.builder().total(tickets.size()).cost(costs::totalUsd).build())
                     .build()) {
            BatchResult<String, Void> result = processor.processAll(items).block(); // a rerun skips journaled items
            System.out.printf("%d succeeded, %d failed, $%.4f%n", result.succeeded(), result.failed(), costs.totalUsd());
        }
        // readme-end
    }

    /** {@code count} tickets with distinct texts. */
    static List<Ticket> tickets(int count) {
        List<String> texts = List.of("I was charged twice for my subscription this month.",
                "I cannot log in since I reset my password.", "My parcel has been stuck in transit for nine days.",
                "The export button crashes the Android app.", "Please refund the order I cancelled yesterday.");
        return IntStream.range(0, count)
                .mapToObj(i -> new Ticket("ticket-" + i, texts.get(i % texts.size()) + " (#" + i + ")")).toList();
    }

    /**
     * Runs both examples against the embedded fake provider.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        List<Ticket> tickets = tickets(20);
        quickStart(tickets);
        try (FakeLlmServer fake = FakeLlmServer.start(); HttpTransport transport = HttpTransport.create()) {
            ChatStrategy classify = ChatStrategy.builder(OpenAiChatClient.create(transport,
                    fake.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint).build()), "gpt-4.1-mini").build();
            Path journal = Files.createTempFile("llmbatch4j-readme", ".jsonl");
            try {
                withBudgets(tickets, classify, new SimpleMeterRegistry(), journal);
            } finally {
                Files.deleteIfExists(journal);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
