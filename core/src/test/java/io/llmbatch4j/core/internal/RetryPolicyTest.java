package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.RetryConfig;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure retry rule: no Reactor, no clock; the jitter's random number is an argument. */
class RetryPolicyTest {

    private static final RetryConfig CONFIG = RetryConfig.builder().maxAttempts(3).maxRateLimitRetries(2)
            .initialBackoff(Duration.ofSeconds(1)).multiplier(2).maxBackoff(Duration.ofSeconds(30)).jitter(0.5)
            .build();

    private static ErrorInfo error(ErrorKind kind) {
        return ErrorInfo.of(kind, kind + " happened");
    }

    @ParameterizedTest(name = "{0} after attempt {1} (rate-limit retries {2}) -> {3}")
    @CsvSource({
            // kind, number, rateLimitRetries, expected decision, backoff millis at u = 0
            "TIMEOUT,     1, 0, RETRY, 1000",
            "TIMEOUT,     2, 0, RETRY, 2000",
            "TIMEOUT,     3, 0, STOP,  0",
            "TRANSIENT,   2, 5, RETRY, 2000",
            "VALIDATION,  1, 0, RETRY, 0",
            "RATE_LIMIT,  3, 0, RETRY, 0",
            "RATE_LIMIT,  1, 1, RETRY, 0",
            "RATE_LIMIT,  1, 2, STOP,  0",
            "PERMANENT,   1, 0, STOP,  0",
            "MODEL_LIMITATION, 1, 0, STOP, 0",
    })
    void decidesByKindAndCounts(ErrorKind kind, int number, int rateLimitRetries, String expected, long backoffMillis) {
        RetryPolicy.Decision d = RetryPolicy.decide(error(kind), new RetryPolicy.Counts(number, rateLimitRetries),
                CONFIG, null, 0.0);
        if (expected.equals("RETRY")) {
            assertThat(d).isEqualTo(new RetryPolicy.Retry(Duration.ofMillis(backoffMillis), kind == ErrorKind.RATE_LIMIT));
        } else {
            assertThat(d).isInstanceOf(RetryPolicy.Stop.class);
            assertThat(((RetryPolicy.Stop) d).error().kind()).isEqualTo(kind);
        }
    }

    @Test
    void theJitterTakesUpToItsShareOffTheBackoff() {
        RetryPolicy.Counts second = new RetryPolicy.Counts(2, 0);
        ErrorInfo timeout = error(ErrorKind.TIMEOUT);
        assertThat(backoff(RetryPolicy.decide(timeout, second, CONFIG, null, 0.0))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff(RetryPolicy.decide(timeout, second, CONFIG, null, 0.5))).isEqualTo(Duration.ofMillis(1500));
        assertThat(backoff(RetryPolicy.decide(timeout, second, CONFIG, null, 0.999_999)))
                .isGreaterThan(Duration.ofMillis(999)).isLessThan(Duration.ofMillis(1001));
    }

    @Test
    void aBurstRateLimitWaitsItsOwnJitteredBaseWhileAnExhaustionWaitsForTheCooldownAtTheGate() {
        RetryPolicy.Counts first = RetryPolicy.Counts.FIRST;
        ErrorInfo limited = error(ErrorKind.RATE_LIMIT);
        assertThat(RetryPolicy.decide(limited, first, CONFIG, Duration.ofSeconds(4), 0.5))
                .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(3), true));
        assertThat(RetryPolicy.decide(limited, first, CONFIG, null, 0.5))
                .isEqualTo(new RetryPolicy.Retry(Duration.ZERO, true));
    }

    @Test
    void theInstanceCapsABurstsRetryAfterAndDefaultsItToTheCooldown() {
        RetryConfig noJitter = CONFIG.toBuilder().jitter(0).build();
        RetryPolicy policy = new RetryPolicy(noJitter, Duration.ofSeconds(7), d -> d.compareTo(Duration.ofSeconds(60)) > 0
                ? Duration.ofSeconds(60) : d, () -> 0.0);
        ErrorInfo withAfter = new ErrorInfo(ErrorKind.RATE_LIMIT, "429", "x", Duration.ofMinutes(10), null);
        assertThat(policy.decide(withAfter, true, RetryPolicy.Counts.FIRST))
                .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(60), true));
        assertThat(policy.decide(error(ErrorKind.RATE_LIMIT), true, RetryPolicy.Counts.FIRST))
                .isEqualTo(new RetryPolicy.Retry(Duration.ofSeconds(7), true));
        assertThat(policy.decide(withAfter, false, RetryPolicy.Counts.FIRST))
                .as("not a burst: the coordinated cooldown holds the gate").isEqualTo(new RetryPolicy.Retry(Duration.ZERO, true));
    }

    @Test
    void anExhaustedBudgetSaysWhichAndHowMuchWhileNoRetriesConfiguredKeepsTheErrorAsItIs() {
        RetryPolicy.Decision rl = RetryPolicy.decide(error(ErrorKind.RATE_LIMIT), new RetryPolicy.Counts(1, 2), CONFIG,
                null, 0);
        assertThat(((RetryPolicy.Stop) rl).error().message())
                .isEqualTo("rate-limit retries exhausted (2 of 2); last: RATE_LIMIT happened");
        RetryPolicy.Decision attempts = RetryPolicy.decide(error(ErrorKind.TRANSIENT), new RetryPolicy.Counts(3, 0), CONFIG,
                null, 0);
        assertThat(((RetryPolicy.Stop) attempts).error().message())
                .isEqualTo("attempts exhausted (3 of 3); last: TRANSIENT happened");
        RetryConfig once = CONFIG.toBuilder().maxAttempts(1).build();
        RetryPolicy.Decision single = RetryPolicy.decide(error(ErrorKind.TRANSIENT), RetryPolicy.Counts.FIRST, once, null, 0);
        assertThat(((RetryPolicy.Stop) single).error().message()).isEqualTo("TRANSIENT happened");
    }

    @Test
    void aRateLimitRetryKeepsTheAttemptNumberAndAnyRetryQueuesAhead() {
        RetryPolicy.Counts c = RetryPolicy.Counts.FIRST;
        assertThat(c.isRetry()).isFalse();
        RetryPolicy.Counts afterLimit = c.after(new RetryPolicy.Retry(Duration.ZERO, true));
        assertThat(afterLimit).isEqualTo(new RetryPolicy.Counts(1, 1));
        assertThat(afterLimit.isRetry()).isTrue();
        assertThat(afterLimit.after(new RetryPolicy.Retry(Duration.ZERO, false))).isEqualTo(new RetryPolicy.Counts(2, 1));
    }

    @Test
    void kindsOutsideRetryOnStopAtOnce() {
        RetryConfig onlyTimeouts = CONFIG.toBuilder().retryOn(Set.of(ErrorKind.TIMEOUT)).build();
        assertThat(RetryPolicy.decide(error(ErrorKind.TRANSIENT), RetryPolicy.Counts.FIRST, onlyTimeouts, null, 0))
                .isEqualTo(new RetryPolicy.Stop(error(ErrorKind.TRANSIENT)));
    }

    private static Duration backoff(RetryPolicy.Decision d) {
        return ((RetryPolicy.Retry) d).backoff();
    }
}
