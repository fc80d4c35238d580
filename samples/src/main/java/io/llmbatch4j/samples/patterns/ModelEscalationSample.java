package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.ModelPricing;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ModelEscalationStrategy;
import io.llmbatch4j.strategies.StructuredOutputStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.ModelBehavior;
import io.llmbatch4j.testkit.RecordedRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Smart model escalation: every ticket is first sent to the cheapest model; only when its answer
 * fails schema validation does the item move one model up ({@code gpt-4.1-nano → gpt-4.1-mini →
 * gpt-4.1}). A dropped connection or a 503 retries the <em>same</em> model: a better model does
 * not fix the network. Most items never leave the cheap model, so the run costs a fraction of
 * sending everything to the best one.
 *
 * <p>The provider is the embedded testkit: nano breaks the schema in 50% of its answers, mini in
 * 25%, gpt-4.1 never; 5% of calls are dropped connections and 5% are 503s. The sample runs the
 * tickets twice, with escalation and with gpt-4.1 only, and prices both with the model catalog.
 * Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples exec:java
 * -Dexec.mainClass=io.llmbatch4j.samples.patterns.ModelEscalationSample}.
 */
public final class ModelEscalationSample {

    static final List<String> MODELS = List.of("gpt-4.1-nano", "gpt-4.1-mini", "gpt-4.1");

    /** The answer every ticket must be turned into. */
    public enum Category { BILLING, LOGIN, SHIPPING, BUG, OTHER }

    public record Triage(Category category, @Min(1) @Max(5) int urgency, String summary) {}

    /**
     * @param answeredBy items answered, by the model that answered
     * @param failed items that failed for good
     * @param escalations retries that went to a better model after a validation failure
     * @param retriesAfterNetworkError retries after a transport error or a 5xx
     * @param escalationsAfterNetworkError of those, the ones sent to another model (should be none)
     * @param escalationUsd what the run with escalation cost
     * @param alwaysBestUsd what the same tickets cost with gpt-4.1 only
     */
    public record Outcome(Map<String, Long> answeredBy, long failed, long escalations, long retriesAfterNetworkError,
            long escalationsAfterNetworkError, double escalationUsd, double alwaysBestUsd) {}

    private ModelEscalationSample() {}

    public static void main(String[] args) {
        // the fake drops connections on purpose: keep Reactor Netty's warnings about them off the console
        System.setProperty("org.slf4j.simpleLogger.log.reactor.netty", "error");
        Outcome o = run(100);
        System.out.println("answered by model:            " + o.answeredBy() + ", failed: " + o.failed());
        System.out.println("escalations after validation: " + o.escalations());
        System.out.println("retries after network errors: " + o.retriesAfterNetworkError() + " (sent to another model: "
                + o.escalationsAfterNetworkError() + ")");
        System.out.printf("cost with escalation $%.6f, with gpt-4.1 only $%.6f (%.0f%% saved)%n", o.escalationUsd(),
                o.alwaysBestUsd(), 100 * (1 - o.escalationUsd() / o.alwaysBestUsd()));
    }

    /** Starts the fake provider, runs {@code tickets} tickets with escalation and with the best model only. */
    public static Outcome run(int tickets) {
        FakeServerConfig fakeConfig = FakeServerConfig.builder()
                .modelBehavior("gpt-4.1-nano", ModelBehavior.schemaViolation(0.5))
                .modelBehavior("gpt-4.1-mini", ModelBehavior.schemaViolation(0.25))
                .faults(FaultRates.builder().connectionReset(0.05).http503(0.05).build()).build();
        try (FakeLlmServer fake = FakeLlmServer.start(fakeConfig); HttpTransport transport = HttpTransport.create()) {
            StructuredOutputStrategy<Triage> nano = StructuredOutputStrategy.builder(OpenAiChatClient.create(transport,
                    ProviderConfig.openAi().baseUrl(fake.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()),
                    MODELS.get(0), Triage.class).systemPrompt("Triage the support ticket.").build();
            ModelCatalog catalog = ModelCatalog.defaults();
            ModelPricing pricing = (provider, model, usage) -> catalog.resolve(provider, model).cost(usage, 0, false);

            AttemptTrace attempts = new AttemptTrace();
            CostTracker escalationCost = new CostTracker(pricing);
            BatchResult<Triage, Void> escalated = process(ModelEscalationStrategy.ofModels(MODELS, nano::withModel),
                    tickets, escalationCost, attempts);
            List<RecordedRequest> requests = fake.requests();

            CostTracker bestCost = new CostTracker(pricing);
            process(ModelEscalationStrategy.ofModels(List.of("gpt-4.1"), nano::withModel), tickets, bestCost,
                    new AttemptTrace());

            Map<String, Long> answeredBy = new TreeMap<>();
            for (WorkItemResult<Triage, Void> r : escalated.results()) {
                if (r.success()) {
                    answeredBy.merge(String.valueOf(r.model()), 1L, Long::sum);
                }
            }
            AttemptTrace.Retries retries = attempts.compare(requests, tickets);
            return new Outcome(answeredBy, escalated.failed(), retries.afterValidation(), retries.afterOtherErrors(),
                    retries.changedAfterOtherErrors(), escalationCost.totalUsd(), bestCost.totalUsd());
        }
    }

    private static BatchResult<Triage, Void> process(ModelEscalationStrategy<Triage> strategy, int tickets,
            CostTracker cost, AttemptTrace attempts) {
        List<LLMWorkItem<Triage, Void>> items = new ArrayList<>();
        for (int i = 0; i < tickets; i++) {
            items.add(LLMWorkItem.of("ticket-" + i, strategy, prompt(i)));
        }
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(16).timeoutPerItem(Duration.ofSeconds(10))
                .retry(RetryConfig.builder().maxAttempts(8).initialBackoff(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(20)).build()).build();
        try (ParallelBatchProcessor<Triage, Void> processor = ParallelBatchProcessor.<Triage, Void>builder()
                .config(config).observer(cost, attempts).build()) {
            return processor.processAll(items).block(Duration.ofMinutes(1));
        }
    }

    static String prompt(int i) {
        return "[ticket-" + i + "] " + SampleTickets.text(i);
    }
}
