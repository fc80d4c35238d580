package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.AdaptiveTimeout;
import io.llmbatch4j.core.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptTimeoutsTest {

    private static final Duration FULL = Duration.ofSeconds(60);

    @Test
    void withoutAdaptiveTimeoutEveryAttemptGetsTheConfiguredTimeout() {
        AttemptTimeouts t = new AttemptTimeouts(FULL, null);
        for (int i = 0; i < 1_000; i++) {
            t.succeeded(Duration.ofMillis(100).toNanos());
        }
        assertThat(t.forAttempt(false).getAsLong()).isEqualTo(FULL.toNanos());
        assertThat(t.forAttempt(true).getAsLong()).isEqualTo(FULL.toNanos());
    }

    @Test
    void theCutAppliesOnlyAfterMinSamplesAndNeverToTheLastAttempt() {
        AttemptTimeouts t = new AttemptTimeouts(FULL, AdaptiveTimeout.builder().minSamples(50)
                .floor(Duration.ofSeconds(2)).multiplier(10).build());
        for (int i = 0; i < 49; i++) {
            t.succeeded(Duration.ofMillis(100).toNanos());
        }
        assertThat(t.forAttempt(false).getAsLong()).as("too few samples").isEqualTo(FULL.toNanos());
        t.succeeded(Duration.ofMillis(100).toNanos());
        assertThat(t.forAttempt(false).getAsLong()).as("floor: 10 x 100 ms < 2 s").isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(t.forAttempt(true).getAsLong()).as("the last attempt keeps the full timeout").isEqualTo(FULL.toNanos());
    }

    @Test
    void theCutFollowsTheP99WithinFloorAndCeiling() {
        AttemptTimeouts t = new AttemptTimeouts(FULL, AdaptiveTimeout.builder().minSamples(1)
                .floor(Duration.ofSeconds(1)).multiplier(10).build());
        for (int i = 0; i < 128; i++) {
            t.succeeded(Duration.ofMillis(500).toNanos());
        }
        assertThat(t.cut()).isBetween(Duration.ofMillis(4_800), Duration.ofMillis(5_200)); // ~3% histogram error
        for (int i = 0; i < 640; i++) {
            t.succeeded(Duration.ofSeconds(20).toNanos());
        }
        assertThat(t.cut()).as("10 x 20 s is beyond the configured timeout").isEqualTo(FULL);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> AdaptiveTimeout.builder().multiplier(0.5).minSamples(0).floor(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("multiplier").hasMessageContaining("minSamples").hasMessageContaining("floor");
    }
}
