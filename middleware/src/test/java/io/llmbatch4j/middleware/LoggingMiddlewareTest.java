package io.llmbatch4j.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.TransientProviderException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class LoggingMiddlewareTest {

    /** Keeps every formatted line with its level. */
    static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        RecordingLogger() {
            this.name = "test";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker m) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker m) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker m) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker m) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker m) { return true; }
    }

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();

    @Test
    void logsIdAttemptOutcomeAndLatencyButNeverThePromptByDefaultNorSecrets() {
        RecordingLogger log = new RecordingLogger();
        var strategy = new Runs.Counting(vts, Duration.ofMillis(250), (prompt, n) -> switch (prompt + "#" + n) {
            case "prompt 0#1" -> Mono.error(new TransientProviderException("503 for key sk-proj-abcdef123456"));
            case "prompt 1#1" -> Mono.error(new PermanentProviderException("401: Authorization: Bearer abc.def-123"));
            default -> Mono.just(LLMResponse.of("private output"));
        });
        Runs.run(vts, 1, Runs.items(strategy, 2), List.of(),
                LoggingMiddleware.<String, Void>builder().logger(log).build());

        assertThat(log.lines).contains("DEBUG item item-0 started, prompt of 8 chars",
                "INFO item item-0 attempt 1 failed with TRANSIENT (TransientProviderException): 503 for key [REDACTED];"
                        + " retrying",
                "INFO item item-0 succeeded after 2 attempt(s) in 1500 ms, model null, tokens 0 in / 0 out",
                "WARN item item-1 failed after 1 attempt(s) in 500 ms: PERMANENT (PermanentProviderException): 401:"
                        + " [REDACTED]");
        assertThat(log.lines).noneMatch(l -> l.contains("prompt 0") || l.contains("private output")
                || l.contains("sk-proj") || l.contains("abc.def"));
    }

    @Test
    void promptsAreLoggedOnlyWhenAskedAtDebugCutAndRedacted() {
        RecordingLogger log = new RecordingLogger();
        var strategy = Runs.Counting.answering(vts);
        Runs.run(vts, 1, List.of(io.llmbatch4j.core.LLMWorkItem.of("x", strategy,
                "use api_key=supersecret and then tell me a long story")), List.of(),
                LoggingMiddleware.<String, Void>builder().logger(log).logPrompts(true).maxPromptChars(30).build());
        assertThat(log.lines).contains("DEBUG item x started, prompt (53 chars): use [REDACTED] and then tell m…");
    }
}
