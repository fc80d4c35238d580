package io.llmbatch4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-08-21T12:40:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({
            "6m0s, 360000", "1s, 1000", "12ms, 12", "0s, 0", "1h2m3.5s, 3723500",
            "172.799999ms, 172", "7.44ms, 7", "19s, 19000", "3.700s, 3700", "52758s, 52758000", "1500us, 1"})
    void readsGoAndProtobufDurations(String text, long millis) {
        assertThat(Durations.go(text)).isNotNull();
        assertThat(Durations.go(text).toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "5", "5x", "1s junk", "-1s"})
    void refusesUnreadableGoDurationsWithNull(String text) {
        assertThat(Durations.go(text)).isNull();
    }

    @Test
    void readsRetryAfterAsSecondsDecimalSecondsOrHttpDate() {
        assertThat(Durations.retryAfter("20", CLOCK)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.retryAfter("1.5", CLOCK)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.retryAfter("Thu, 21 Aug 2025 12:40:30 GMT", CLOCK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.retryAfter("Thu, 21 Aug 2025 12:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(Durations.retryAfter("-3", CLOCK)).isNull();
        assertThat(Durations.retryAfter("soon", CLOCK)).isNull();
        assertThat(Durations.retryAfter(null, CLOCK)).isNull();
    }

    @Test
    void readsRetryAfterMillis() {
        assertThat(Durations.millis("19500")).isEqualTo(Duration.ofMillis(19500));
        assertThat(Durations.millis("x")).isNull();
    }

    @Test
    void turnsAnthropicResetInstantsIntoTimeFromTheInjectedClock() {
        assertThat(Durations.until("2025-08-21T12:40:59Z", CLOCK)).isEqualTo(Duration.ofSeconds(59));
        assertThat(Durations.until("2025-08-21T12:40:00.100435Z", CLOCK)).isEqualTo(Duration.ofNanos(100_435_000));
        assertThat(Durations.until("2025-08-21T12:39:00Z", CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(Durations.until("yesterday", CLOCK)).isNull();
    }
}
