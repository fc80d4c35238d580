package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void processorConfigNamesEveryBadFieldWithItsValueInOneException() {
        assertThatThrownBy(() -> ProcessorConfig.builder().maxWorkers(0).timeoutPerItem(Duration.ofSeconds(-1))
                .observerBufferSize(1).retry(null).hookTimeout(Duration.ZERO).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(5);
                    assertThat(e.getMessage()).contains("maxWorkers must be greater than or equal to 1 (was 0)")
                            .contains("timeoutPerItem must be a positive duration (was PT-1S)")
                            .contains("observerBufferSize must be greater than or equal to 16 (was 1)")
                            .contains("retry must not be null")
                            .contains("hookTimeout must be a positive duration (was PT0S)");
                });
    }

    @Test
    void retryConfigChecksCrossFieldRulesToo() {
        assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0).jitter(1.5)
                .initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("maxAttempts"))
                        .anySatisfy(p -> assertThat(p).startsWith("jitter must be less than or equal to 1.0"))
                        .anySatisfy(p -> assertThat(p).startsWith("maxBackoff must be >= initialBackoff")));
    }

    @Test
    void rateLimitConfigRefusesBadValues() {
        assertThatThrownBy(() -> RateLimitConfig.builder().cooldown(Duration.ZERO).slowStartInitialFraction(0)
                .cooldownMultiplier(0.5).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void workerCeilingMustHoldMaxWorkers() {
        assertThatThrownBy(() -> ProcessorConfig.builder().maxWorkers(100).workerCeiling(50).build())
                .hasMessageContaining("workerCeiling must be >= maxWorkers (was 50 < 100)");
        assertThat(ProcessorConfig.builder().maxWorkers(2000).build().workerCeiling()).isEqualTo(2000);
        assertThat(ProcessorConfig.defaults().workerCeiling()).isEqualTo(1024);
    }

    @Test
    void defaultsMatchTheDocumentedConstantsAndToBuilderRoundTrips() {
        ProcessorConfig d = ProcessorConfig.defaults();
        assertThat(d.maxWorkers()).isEqualTo(ProcessorConfig.DEFAULT_MAX_WORKERS);
        assertThat(d.retry().retryOn()).containsExactlyInAnyOrder(ErrorKind.TRANSIENT, ErrorKind.TIMEOUT,
                ErrorKind.RATE_LIMIT, ErrorKind.VALIDATION);
        assertThat(d.retry().noBackoffOn()).containsExactly(ErrorKind.VALIDATION);
        assertThat(d.rateLimit().cooldown()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.hookTimeout()).isEqualTo(ProcessorConfig.DEFAULT_HOOK_TIMEOUT);
        assertThat(d.toBuilder().build().toString()).isEqualTo(d.toString());
        assertThat(d.toBuilder().hookTimeout(Duration.ofSeconds(7)).build().toBuilder().build().hookTimeout())
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void tokenUsageRefusesNegativeCountsAndAddsUp() {
        assertThatThrownBy(() -> new TokenUsage(-1, 0, 0)).hasMessageContaining("inputTokens");
        assertThatThrownBy(() -> new TokenUsage(1, 0, 2)).hasMessageContaining("cachedInputTokens");
        assertThat(new TokenUsage(10, 5, 4).plus(new TokenUsage(1, 2, 1))).isEqualTo(new TokenUsage(11, 7, 5));
        assertThat(TokenUsage.of(3, 4).total()).isEqualTo(7);
    }

    @Test
    void callPoolConfigNamesEveryBadField() {
        assertThatThrownBy(() -> CallPoolConfig.builder().maxPending(0).submitTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("maxPending")
                .hasMessageContaining("(was 0)")
                .hasMessageContaining("submitTimeout must be positive or null (was PT0S)");
        assertThat(CallPoolConfig.builder().submitTimeout(null).build().submitTimeout()).isNull();
    }
}
