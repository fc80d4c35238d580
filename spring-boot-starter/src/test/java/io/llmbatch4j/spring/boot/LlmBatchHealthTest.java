package io.llmbatch4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.spring.boot.LlmBatchHealth.State;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LlmBatchHealthTest {

    private final AtomicReference<Double> cost = new AtomicReference<>(0.0);
    private final LlmBatchHealth health = new LlmBatchHealth(
            new LlmBatchProperties.HealthProperties(3, Duration.ofSeconds(30), 10.0), cost::get);

    @Test
    void downAfterThreeAuthFailuresOfOneProviderInARowUpAgainAfterAnAnswer() {
        health.onEvent(ended("openai", 401));
        health.onEvent(ended("openai", 403));
        health.onEvent(ended("anthropic", 401));
        assertThat(health.state()).isEqualTo(State.UP);
        health.onEvent(ended("openai", 401));
        assertThat(health.state()).isEqualTo(State.DOWN);
        health.onEvent(ended("openai", 0));
        assertThat(health.state()).isEqualTo(State.UP);
        assertThat(health.authFailures()).containsExactlyEntriesOf(java.util.Map.of("anthropic", 1));
    }

    @Test
    void otherErrorsNeitherCountNorClear() {
        health.onEvent(ended("openai", 401));
        health.onEvent(ended("openai", 401));
        health.onEvent(new ProcessingEvent.AttemptEnded(Instant.EPOCH, "pool", "call-1", 1, Duration.ZERO,
                TokenUsage.ZERO, null, ErrorInfo.of(ErrorKind.CANCELLED, "cancelled"), CallTarget.chat("openai", "m"), null));
        health.onEvent(ended("openai", 401));
        assertThat(health.state()).isEqualTo(State.DOWN);
    }

    @Test
    void outOfServiceDuringALongCooldownOnlyAndOnceTheBudgetIsSpent() {
        health.onEvent(new ProcessingEvent.CooldownStarted(Instant.EPOCH, Duration.ofSeconds(5), 1));
        assertThat(health.state()).as("a short cooldown is normal operation").isEqualTo(State.UP);
        health.onEvent(new ProcessingEvent.CooldownStarted(Instant.EPOCH, Duration.ofSeconds(30), 2));
        assertThat(health.state()).isEqualTo(State.OUT_OF_SERVICE);
        health.onEvent(new ProcessingEvent.CooldownEnded(Instant.EPOCH, Duration.ofSeconds(30)));
        assertThat(health.state()).isEqualTo(State.UP);
        cost.set(10.0);
        assertThat(health.state()).isEqualTo(State.OUT_OF_SERVICE);
    }

    /** An attempt of {@code provider} that failed with {@code status}, or succeeded when it is 0. */
    private static ProcessingEvent.AttemptEnded ended(String provider, int status) {
        ErrorInfo error = status == 0 ? null : new ErrorInfo(ErrorKind.PERMANENT, status + "", "PermanentProviderException",
                null, new PermanentProviderException(status + " unauthorized", status, null));
        return new ProcessingEvent.AttemptEnded(Instant.EPOCH, "pool", "call-1", 1, Duration.ofMillis(5),
                TokenUsage.ZERO, null, error, CallTarget.chat(provider, "m"), null);
    }
}
