package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.StructuredOutputStrategy;
import io.llmbatch4j.strategies.ValidationFeedbackRetryStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.ModelBehavior;
import io.llmbatch4j.testkit.RecordedRequest;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Smart retry with validation feedback: when an answer fails schema validation, the retry does not
 * just ask again, it tells the model what went wrong: its previous answer, the fields that were
 * right (keep them) and each field that failed with the reason (fix it). Retries after other
 * errors would keep the last feedback; the first attempt sends the plain prompt.
 *
 * <p>The provider is the embedded testkit; its {@code gpt-4.1-nano} breaks the schema in 40% of
 * its answers (a missing field, a wrong type). The sample extracts contact records from short
 * texts and reports how many items were rescued by a retry, and prints one retry prompt as the
 * provider received it. Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples
 * exec:java -Dexec.mainClass=io.llmbatch4j.samples.patterns.ValidationFeedbackSample}.
 */
public final class ValidationFeedbackSample {

    /** The start of the feedback block of a retry prompt. */
    static final String FEEDBACK_MARK = "Your previous answer to this request was rejected.";
    private static final String[] PEOPLE = {"Ada Lovelace, 36, ada@example.org", "Alan Turing, 41, alan@example.org",
        "Grace Hopper, 85, grace@example.org", "Edsger Dijkstra, 72, edsger@example.org"};

    public record Contact(String name, @Min(0) @Max(130) int age, @Email String email) {}

    /**
     * @param rescued items that failed validation at least once and then succeeded
     * @param retryRequests requests the provider saw that were not an item's first
     * @param retriesWithFeedback of those, the ones whose prompt carried the feedback
     * @param firstWithFeedback first requests that carried feedback (must be none)
     * @param sampleRetryPrompt one retry prompt as the provider received it
     */
    public record Outcome(long items, long succeeded, long rescued, long retryRequests, long retriesWithFeedback,
            long firstWithFeedback, String sampleRetryPrompt) {}

    private ValidationFeedbackSample() {}

    public static void main(String[] args) {
        Outcome o = run(60);
        System.out.printf("%d items, %d succeeded, %d rescued by a retry with feedback%n", o.items(), o.succeeded(),
                o.rescued());
        System.out.printf("%d retry requests, %d with feedback; first requests with feedback: %d%n",
                o.retryRequests(), o.retriesWithFeedback(), o.firstWithFeedback());
        System.out.println("one retry prompt as the provider got it:\n" + o.sampleRetryPrompt());
    }

    /** Starts the fake provider and extracts {@code count} contacts with feedback on retries. */
    public static Outcome run(int count) {
        FakeServerConfig fakeConfig = FakeServerConfig.builder()
                .modelBehavior("gpt-4.1-nano", ModelBehavior.schemaViolation(0.4)).build();
        try (FakeLlmServer fake = FakeLlmServer.start(fakeConfig); HttpTransport transport = HttpTransport.create()) {
            StructuredOutputStrategy<Contact> extract = StructuredOutputStrategy.builder(OpenAiChatClient.create(transport,
                    ProviderConfig.openAi().baseUrl(fake.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()),
                    "gpt-4.1-nano", Contact.class).systemPrompt("Extract the contact from the text.").build();
            ValidationFeedbackRetryStrategy<Contact> withFeedback = ValidationFeedbackRetryStrategy.wrap(extract, 500);

            List<LLMWorkItem<Contact, Void>> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                items.add(LLMWorkItem.of("contact-" + i, withFeedback, marker(i) + " " + PEOPLE[i % PEOPLE.length]));
            }
            ProcessorConfig config = ProcessorConfig.builder().maxWorkers(16).timeoutPerItem(Duration.ofSeconds(10))
                    .retry(RetryConfig.builder().maxAttempts(10).build()).build();
            BatchResult<Contact, Void> result;
            try (ParallelBatchProcessor<Contact, Void> processor =
                    ParallelBatchProcessor.<Contact, Void>builder().config(config).build()) {
                result = processor.processAll(items).block(Duration.ofMinutes(1));
            }
            return outcome(result, fake.requests(), count);
        }
    }

    private static Outcome outcome(BatchResult<Contact, Void> result, List<RecordedRequest> requests, int count) {
        // with no network faults configured, every retry follows a validation failure
        long rescued = result.results().stream().filter(r -> r.success() && r.attempts() > 1).count();
        long retries = 0;
        long retriesWithFeedback = 0;
        long firstWithFeedback = 0;
        String sample = "";
        for (int i = 0; i < count; i++) {
            String marker = marker(i);
            List<String> prompts = requests.stream().map(ValidationFeedbackSample::userPrompt)
                    .filter(p -> p.startsWith(marker + " ")).toList();
            firstWithFeedback += prompts.isEmpty() || !prompts.get(0).contains(FEEDBACK_MARK) ? 0 : 1;
            for (String retry : prompts.subList(Math.min(1, prompts.size()), prompts.size())) {
                retries++;
                if (retry.contains(FEEDBACK_MARK)) {
                    retriesWithFeedback++;
                    sample = sample.isEmpty() ? retry : sample;
                }
            }
        }
        return new Outcome(result.total(), result.succeeded(), rescued, retries, retriesWithFeedback, firstWithFeedback,
                sample);
    }

    private static String marker(int i) {
        return "[contact-" + i + "]";
    }

    /** The last message's text of a chat-completions request body. */
    private static String userPrompt(RecordedRequest request) {
        JsonNode messages = JsonMapper.shared().readTree(request.body()).path("messages");
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1).path("content").asString("");
    }
}
