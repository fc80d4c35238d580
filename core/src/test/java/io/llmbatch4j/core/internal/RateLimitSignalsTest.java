package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.TransientProviderException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitSignalsTest {

    private static RateLimitException limited(Long requestsRemaining, Long tokensRemaining) {
        RateLimitSnapshot s = new RateLimitSnapshot("openai", Instant.EPOCH, 10_000L, requestsRemaining,
                Duration.ofSeconds(6), 2_000_000L, tokensRemaining, Duration.ofSeconds(6));
        return new RateLimitException("429", Duration.ofMillis(50), null, TokenUsage.ZERO, s);
    }

    @Test
    void a429WithCapacityLeftInEveryWindowIsABurst() {
        assertThat(RateLimitSignals.isBurst(limited(9_000L, 1_500_000L))).isTrue();
        assertThat(RateLimitSignals.isBurst(new IllegalStateException("wrapped", limited(9_000L, 1_500_000L))))
                .as("found among the causes").isTrue();
    }

    @Test
    void a429WithAWindowNearlySpentOrWithoutHeadersIsExhaustion() {
        assertThat(RateLimitSignals.isBurst(limited(0L, 1_500_000L))).as("requests spent").isFalse();
        assertThat(RateLimitSignals.isBurst(limited(9_000L, 100_000L))).as("5% of the tokens left").isFalse();
        assertThat(RateLimitSignals.isBurst(new RateLimitException("429", Duration.ofSeconds(1))))
                .as("no headers").isFalse();
        assertThat(RateLimitSignals.isBurst(new TransientProviderException("503"))).isFalse();
    }
}
