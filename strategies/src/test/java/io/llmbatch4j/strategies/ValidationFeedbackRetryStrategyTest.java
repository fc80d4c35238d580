package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.core.ValidationFailedException.Violation;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.ModelBehavior;
import io.llmbatch4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ValidationFeedbackRetryStrategyTest {

    private static FakeLlmServer server;
    private static HttpTransport transport;
    private static StructuredOutputStrategy<Person> base;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start(FakeServerConfig.builder()
                .modelBehavior("always-wrong", ModelBehavior.schemaViolation(1.0))
                .build());
        transport = HttpTransport.create();
        base = StructuredOutputStrategy.builder(Fixtures.client("openai", transport, server), "always-wrong",
                Person.class).build();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    private static String userText(RecordedRequest r) {
        JsonNode messages = JsonMapper.shared().readTree(r.body()).get("messages");
        return messages.get(messages.size() - 1).get("content").asString();
    }

    @Test
    void retryPromptsSayWhichFieldsWereRightWhichFailedAndWhyAndShowThePreviousAnswer() {
        ValidationFeedbackRetryStrategy<Person> strategy = ValidationFeedbackRetryStrategy.wrap(base);

        BatchResult<Person, Void> result = Fixtures.run(Fixtures.config(16, 2),
                Fixtures.items(50, strategy, "Extract the person"));

        assertThat(result.failed()).isEqualTo(50);
        List<RecordedRequest> requests = server.requests();
        assertThat(requests).hasSize(100);
        for (int i = 0; i < 50; i++) {
            String prompt = "Extract the person (case " + i + ")";
            List<String> texts = requests.stream().map(ValidationFeedbackRetryStrategyTest::userText)
                    .filter(t -> t.startsWith(prompt + "\n") || t.equals(prompt)).toList();
            assertThat(texts).hasSize(2);
            assertThat(texts).first().isEqualTo(prompt);
            String retry = texts.get(1);
            // the fake spoils an answer by removing its first required property: name
            assertThat(retry).contains("Your previous answer:\n{").contains("These fields were correct; keep their values:")
                    .containsPattern("- age: \\d+").containsPattern("- email: \"[^\"]+@[^\"]+\"")
                    .contains("These fields failed; fix them:\n- name: is missing");
        }
    }

    @Test
    void feedbackSurvivesATransientFailureAndTheFirstAttemptIsUnchanged() {
        ValidationFeedbackRetryStrategy<Person> strategy = ValidationFeedbackRetryStrategy.wrap(base, 0);
        RetryState state = new RetryState();
        Attempt a = new Attempt("x", 1, 0, Duration.ofSeconds(1), state);
        assertThat(strategy.promptFor("P", a)).isEqualTo("P");

        ValidationFailedException failure = new ValidationFailedException("bad", "{\"age\":7}",
                List.of(new Violation("name", "is missing")), Map.of("age", 7), TokenUsage.ZERO, null);
        strategy.onError(failure, a).block();
        strategy.onError(new TransientProviderException("503"), a).block();

        String retry = strategy.promptFor("P", a);
        assertThat(retry).startsWith("P\n").contains("- age: 7").contains("- name: is missing")
                .doesNotContain("Your previous answer:");
        assertThat(strategy.promptFor("P", new Attempt("y", 2, 0, Duration.ofSeconds(1), new RetryState())))
                .as("per item").isEqualTo("P");
    }

    @Test
    void refusesANegativeQuoteLength() {
        assertThatThrownBy(() -> ValidationFeedbackRetryStrategy.wrap(base, -1))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("maxPreviousAnswerChars must be >= 0 (was -1)");
    }
}
