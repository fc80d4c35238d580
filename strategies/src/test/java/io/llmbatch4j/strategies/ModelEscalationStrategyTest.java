package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.ModelLimitationException;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.ModelBehavior;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelEscalationStrategyTest {

    private static final List<String> MODELS = List.of("cheap-model", "mid-model", "best-model");
    private static FakeLlmServer server;
    private static HttpTransport transport;
    private static StructuredOutputStrategy<Person> base;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start(FakeServerConfig.builder()
                .modelBehavior("cheap-model", ModelBehavior.invalidJson(0.2).schemaViolations(0.3))
                .modelBehavior("mid-model", ModelBehavior.schemaViolation(0.5))
                .faults(FaultRates.builder().http503(0.05).connectionReset(0.02).hang(0.01).build())
                .build());
        transport = HttpTransport.create();
        base = StructuredOutputStrategy.builder(Fixtures.client("openai", transport, server), "cheap-model",
                Person.class).build();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @Test
    void oneSharedInstanceEscalatesEachConcurrentItemOnlyOnItsOwnValidationFailures() {
        Map<String, List<Recording.Call>> calls = Recording.log();
        ModelEscalationStrategy<Person> strategy = ModelEscalationStrategy.ofModels(MODELS,
                m -> new Recording<>(m, base.withModel(m), calls));
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(64).timeoutPerItem(Duration.ofMillis(800))
                .retry(RetryConfig.builder().maxAttempts(8).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(5)).build())
                .build();

        BatchResult<Person, Void> result = Fixtures.run(config, Fixtures.items(500, strategy, "Ada, 36"));

        assertThat(result.results()).hasSize(500);
        int escalatedToBest = 0;
        int transientBeforeAnyEscalation = 0;
        for (WorkItemResult<Person, Void> r : result.results()) {
            List<Recording.Call> history = calls.get(r.itemId());
            int validationFailures = 0;
            for (Recording.Call call : history) {
                assertThat(call.step()).as("item %s call %s", r.itemId(), call)
                        .isEqualTo(MODELS.get(Math.min(validationFailures, MODELS.size() - 1)));
                if (call.outcome() == ErrorKind.VALIDATION) {
                    validationFailures++;
                } else if (call.outcome() != null && validationFailures == 0) {
                    transientBeforeAnyEscalation++;
                }
            }
            if (r.success()) {
                assertThat(r.model()).as("the result names the model that answered")
                        .isEqualTo(history.get(history.size() - 1).step());
            }
            if (history.stream().anyMatch(c -> c.step().equals("best-model"))) {
                escalatedToBest++;
            }
        }
        assertThat(result.succeeded()).isGreaterThanOrEqualTo(495);
        assertThat(result.results().stream().filter(r -> "cheap-model".equals(r.model())).count())
                .as("about half the items never leave the cheapest model").isBetween(200L, 300L);
        assertThat(escalatedToBest).as("validation failed on cheap then mid for about a quarter").isBetween(80, 180);
        assertThat(transientBeforeAnyEscalation).as("network faults and timeouts happened and did not escalate")
                .isPositive();
    }

    private static Attempt attempt(RetryState state) {
        return new Attempt("x", 1, 0, Duration.ofSeconds(1), state);
    }

    @Test
    void networkTimeoutRateLimitAndModelLimitErrorsNeverEscalateValidationFailuresDoUpToTheLastStep() {
        ModelEscalationStrategy<Person> strategy = ModelEscalationStrategy.ofModels(MODELS, base::withModel);
        RetryState state = new RetryState();
        for (Throwable e : List.of(new TransientProviderException("503 Service Unavailable"),
                new TimeoutException("attempt timed out"), new RateLimitException("429", Duration.ofSeconds(1)),
                new ModelLimitationException("context length exceeded"))) {
            strategy.onError(e, attempt(state)).block();
            assertThat(strategy.levelOf(attempt(state))).as("after %s", e).isZero();
        }
        for (int expected : new int[] {1, 2, 2, 2}) {
            strategy.onError(new ValidationFailedException("bad", "{}"), attempt(state)).block();
            assertThat(strategy.levelOf(attempt(state))).isEqualTo(expected);
        }
        assertThat(strategy.levelOf(attempt(new RetryState()))).as("another item starts at the bottom").isZero();
    }

    @Test
    void refusesAnEmptyBlankOrDuplicatedModelListNamingTheField() {
        assertThatThrownBy(() -> ModelEscalationStrategy.ofModels(List.of(), base::withModel))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("models must hold at least one model");
        assertThatThrownBy(() -> ModelEscalationStrategy.ofModels(List.of("a", " ", "a"), base::withModel))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("models must not hold blank names")
                .hasMessageContaining("models must not hold duplicates");
        assertThatThrownBy(() -> ModelEscalationStrategy.of(List.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("steps must hold at least one");
    }
}
