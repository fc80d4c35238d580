package io.llmbatch4j.providers.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.providers.batch.internal.PollBackoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchConfigsTest {

    @Test
    void presetsCarryTheProvidersRealLimitsNotTheSeedsBatchSizes() {
        assertThat(BatchProviderConfig.openAi().build().maxRequests()).isEqualTo(50_000);
        assertThat(BatchProviderConfig.openAi().build().maxBytes()).isEqualTo(200_000_000L);
        assertThat(BatchProviderConfig.anthropic().build().maxRequests()).isEqualTo(100_000);
        assertThat(BatchProviderConfig.anthropic().build().maxBytes()).isEqualTo(256_000_000L);
        assertThat(BatchProviderConfig.gemini().build().maxBytes()).isEqualTo(20_000_000L);
        assertThat(BatchProviderConfig.groq().build().apiPrefix()).isEqualTo("/openai/v1");
        assertThat(BatchProviderConfig.groq().build().maxBytes()).isEqualTo(100_000_000L);
    }

    @Test
    void providerConfigRefusesBadValuesNamingEveryField() {
        assertThatThrownBy(() -> BatchProviderConfig.groq().maxRequests(0).maxBytes(10).completionWindow("soon")
                .apiPrefix("openai/v1/").name("Groq Cloud").build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("maxRequests").hasMessageContaining("maxBytes")
                .hasMessageContaining("completionWindow").hasMessageContaining("soon")
                .hasMessageContaining("apiPrefix").hasMessageContaining("name");
    }

    @Test
    void runConfigRefusesBadValuesNamingEveryField() {
        assertThatThrownBy(() -> BatchRunConfig.builder().pollInitialDelay(Duration.ZERO).pollMultiplier(0.5)
                .pollJitter(1.5).pollTimeout(Duration.ofSeconds(-1)).maxPollErrors(-1).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("pollInitialDelay").hasMessageContaining("pollMultiplier")
                .hasMessageContaining("pollJitter").hasMessageContaining("pollTimeout")
                .hasMessageContaining("maxPollErrors");
    }

    @Test
    void pollWaitsGrowByTheMultiplierUpToTheMaximumWithinTheJitter() {
        PollBackoff exact = new PollBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 2.0, 0.2, () -> 0.5);
        assertThat(exact.delay(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(exact.delay(1)).isEqualTo(Duration.ofSeconds(20));
        assertThat(exact.delay(4)).isEqualTo(Duration.ofSeconds(160));
        assertThat(exact.delay(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(exact.delay(500)).isEqualTo(Duration.ofMinutes(5));
        PollBackoff low = new PollBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 2.0, 0.2, () -> 0.0);
        PollBackoff high = new PollBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), 2.0, 0.2, () -> 0.999_999);
        assertThat(low.delay(1)).isEqualTo(Duration.ofSeconds(16));
        assertThat(high.delay(1)).isBetween(Duration.ofMillis(23_999), Duration.ofSeconds(24));
    }
}
