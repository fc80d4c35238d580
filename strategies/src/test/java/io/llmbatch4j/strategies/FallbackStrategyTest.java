package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FallbackStrategyTest {

    private static FakeLlmServer healthy;
    private static FakeLlmServer down;
    private static HttpTransport transport;
    private static ChatStrategy secondary;

    @BeforeAll
    static void start() {
        healthy = FakeLlmServer.start();
        down = FakeLlmServer.start(FakeServerConfig.builder().faults(FaultRates.builder().http503(1.0).build()).build());
        transport = HttpTransport.create();
        secondary = ChatStrategy.builder(Fixtures.client("anthropic", transport, healthy), "claude-haiku-4-5")
                .maxOutputTokens(30).build();
    }

    @AfterAll
    static void stop() {
        transport.close();
        healthy.close();
        down.close();
    }

    @BeforeEach
    void clear() {
        healthy.clearRequests();
        down.clearRequests();
    }

    @Test
    void aHealthyPrimaryAnswersEverythingAndTheSecondaryIsNeverCalled() {
        ChatStrategy primary = ChatStrategy.builder(Fixtures.client("openai", transport, healthy), "gpt-4.1-mini").build();

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(8, 3),
                Fixtures.items(40, FallbackStrategy.of(primary, secondary), "q"));

        assertThat(result.results()).allSatisfy(r -> assertThat(r.model()).isEqualTo("gpt-4.1-mini"));
        assertThat(Fixtures.requests(healthy, "/v1/messages")).isEmpty();
    }

    @Test
    void aPermanentPrimaryErrorSwitchesToTheSecondaryWithinTheSameAttempt() {
        ChatStrategy primary = ChatStrategy.builder(Fixtures.client("openai", transport, healthy,
                ModelCatalog.defaults(), "sk-wrong-key-0000"), "gpt-4.1-mini").build();

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(8, 3),
                Fixtures.items(40, FallbackStrategy.of(primary, secondary), "q"));

        assertThat(result.failed()).isZero();
        assertThat(result.results()).allSatisfy(r -> {
            assertThat(r.model()).as("recorded: the secondary answered").startsWith("claude-haiku-4-5");
            assertThat(r.attempts()).isEqualTo(1);
        });
        assertThat(Fixtures.requests(healthy, "/v1/chat/completions")).hasSize(40);
        assertThat(Fixtures.requests(healthy, "/v1/messages")).hasSize(40);
    }

    @Test
    void thePrimaryIsLeftAfterItsTransientRetriesAreUsedUp() {
        ChatStrategy primary = ChatStrategy.builder(Fixtures.client("openai", transport, down), "gpt-4.1-mini").build();

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(8, 4),
                Fixtures.items(30, FallbackStrategy.of(primary, secondary, 2), "q"));

        assertThat(result.failed()).isZero();
        assertThat(result.results()).allSatisfy(r -> {
            assertThat(r.model()).startsWith("claude-haiku-4-5");
            assertThat(r.attempts()).isEqualTo(3);
        });
        assertThat(down.requests()).as("two tries of the primary per item").hasSize(60);
    }

    @Test
    void rateLimitsAndValidationFailuresDoNotSwitch() {
        FallbackStrategy<String> strategy = FallbackStrategy.of(secondary, ChatStrategy.builder(Fixtures.client("openai", transport, healthy), "gpt-4.1").build(), 1);
        RetryState state = new RetryState();
        Attempt a = new Attempt("x", 1, 0, Duration.ofSeconds(1), state);
        strategy.onError(new RateLimitException("429", Duration.ofSeconds(2)), a).block();
        strategy.onError(new ValidationFailedException("bad", "{}"), a).block();
        assertThat(strategy.usesSecondary(a)).isFalse();
        strategy.onError(new java.util.concurrent.TimeoutException("timed out"), a).block();
        assertThat(strategy.usesSecondary(a)).isTrue();
        assertThat(state.get(FallbackStrategy.USED_SECONDARY)).isTrue();
    }

    @Test
    void refusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> FallbackStrategy.of(secondary, secondary, 0))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("secondary must differ from primary")
                .hasMessageContaining("switchAfterTransientFailures must be >= 1 (was 0)");
    }
}
