package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Exceptions;

class ErrorClassifierTest {

    private final ErrorClassifier classifier = ErrorClassifier.defaults();

    /** Like Spring's WebClientResponseException: a status object with value(). */
    public static final class FakeWebClientException extends RuntimeException {
        private final int status;

        FakeWebClientException(int status, String message) {
            super(message);
            this.status = status;
        }

        public Status getStatusCode() {
            return new Status(status);
        }
    }

    /** A status holder. */
    public record Status(int value) {}

    @Test
    void typedExceptionsWinAnywhereInTheCauseChain() {
        ErrorInfo info = classifier.classify(new RuntimeException("wrapper",
                new RateLimitException("slow down", Duration.ofSeconds(7))));
        assertThat(info.kind()).isEqualTo(ErrorKind.RATE_LIMIT);
        assertThat(info.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(classifier.classify(Exceptions.propagate(new TimeoutException("t"))).kind())
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(classifier.classify(new ValidationFailedException("bad", "{")).kind())
                .isEqualTo(ErrorKind.VALIDATION);
    }

    @ParameterizedTest
    @CsvSource({"429,RATE_LIMIT", "500,TRANSIENT", "502,TRANSIENT", "503,TRANSIENT", "529,TRANSIENT",
            "408,TRANSIENT", "409,TRANSIENT", "400,PERMANENT", "401,PERMANENT", "403,PERMANENT", "404,PERMANENT",
            "422,PERMANENT"})
    void httpStatusesFromForeignExceptionsAreClassified(int status, ErrorKind kind) {
        assertThat(classifier.classify(new FakeWebClientException(status, "HTTP error")).kind()).isEqualTo(kind);
    }

    @Test
    void theStatusBeatsTheMessageText() {
        assertThat(classifier.classify(new FakeWebClientException(400, "rate limit words in a 400")).kind())
                .isEqualTo(ErrorKind.PERMANENT);
    }

    @Test
    void messageTextIsTheLastResortAndMatchesWholeWordsOnly() {
        assertThat(classifier.classify(new RuntimeException("prompt has 4290 tokens")).kind())
                .isNotEqualTo(ErrorKind.RATE_LIMIT);
        assertThat(classifier.classify(new RuntimeException("HTTP 429 Too Many Requests")).kind())
                .isEqualTo(ErrorKind.RATE_LIMIT);
        assertThat(classifier.classify(new RuntimeException("RESOURCE_EXHAUSTED: quota")).kind())
                .isEqualTo(ErrorKind.RATE_LIMIT);
        assertThat(classifier.classify(new RuntimeException("maximum context length is 8192 tokens")).kind())
                .isEqualTo(ErrorKind.MODEL_LIMITATION);
        assertThat(classifier.classify(new RuntimeException("request timed out")).kind())
                .isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void ioErrorsAreTransientAndProgrammingErrorsPermanent() {
        assertThat(classifier.classify(new ConnectException("Connection refused")).kind())
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(classifier.classify(new RuntimeException(new IOException("reset"))).kind())
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(classifier.classify(new NullPointerException("x")).kind()).isEqualTo(ErrorKind.PERMANENT);
    }

    @Test
    void aCustomClassifierCanDelegateToTheDefault() {
        ErrorClassifier custom = e -> e instanceof ArithmeticException
                ? ErrorInfo.of(ErrorKind.PERMANENT, "math") : ErrorClassifier.defaults().classify(e);
        assertThat(custom.classify(new ArithmeticException()).message()).isEqualTo("math");
        assertThat(custom.classify(new RateLimitException("429")).kind()).isEqualTo(ErrorKind.RATE_LIMIT);
    }
}
