package io.llmbatch4j.middleware;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.WorkItemResult;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Logs each item through SLF4J: its start ({@code DEBUG}, with the prompt's length), each failed
 * attempt that will be retried ({@code INFO}: item id, attempt, error kind and type), and its end
 * ({@code INFO} on success with attempts, latency, model and tokens; {@code WARN} on failure with
 * the error).
 *
 * <p>Privacy: the prompt text is never logged unless {@code logPrompts(true)}, and then at
 * {@code DEBUG} only, cut to {@code maxPromptChars}. Secrets are never logged: error messages and
 * prompts pass through {@link #redact(String)}, which masks API keys and bearer tokens
 * ({@code sk-...}, {@code Bearer ...}, {@code x-api-key: ...}, {@code key=...}), even though the
 * project's exceptions never carry keys in the first place. Outputs are never logged.
 */
public final class LoggingMiddleware<T, C> implements Middleware<T, C> {

    private static final Pattern SECRETS = Pattern.compile(
            "(?i)(\\bsk-[A-Za-z0-9_\\-]{6,}|\\bBearer\\s+[A-Za-z0-9._\\-~+/=]+"
                    + "|\\b(x-api-key|x-goog-api-key|api[_-]?key|key|authorization)\\s*[=:]\\s*\"?(Bearer\\s+)?[A-Za-z0-9._\\-~+/=]+)");

    private final Logger log;
    private final boolean logPrompts;
    private final int maxPromptChars;

    private LoggingMiddleware(Builder b) {
        this.log = b.log;
        this.logPrompts = b.logPrompts;
        this.maxPromptChars = b.maxPromptChars;
    }

    /**
     * Logs to the logger {@code io.llmbatch4j.middleware.LoggingMiddleware}, without prompts.
     *
     * @param <T> the strategies' output type
     * @param <C> the items' context type
     * @return the middleware
     */
    public static <T, C> LoggingMiddleware<T, C> create() {
        return new LoggingMiddleware<>(builder());
    }

    /**
     * {@return a builder: the logger {@code io.llmbatch4j.middleware.LoggingMiddleware}, no prompts, 200 prompt
     * characters}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code text} with API keys and bearer tokens replaced by {@code [REDACTED]}.
     *
     * @param text any text, e.g. an error message
     * @return the text, redacted
     */
    public static String redact(String text) {
        return SECRETS.matcher(text).replaceAll("[REDACTED]");
    }

    @Override
    public Mono<MiddlewareDecision<T, C>> beforeProcess(LLMWorkItem<T, C> item) {
        if (log.isDebugEnabled()) {
            if (logPrompts) {
                String p = item.prompt();
                String redacted = redact(p);
                String shown = redacted.length() > maxPromptChars ? redacted.substring(0, maxPromptChars) + "…" : redacted;
                log.debug("item {} started, prompt ({} chars): {}", item.itemId(), p.length(), shown);
            } else {
                log.debug("item {} started, prompt of {} chars", item.itemId(), item.prompt().length());
            }
        }
        return Mono.empty();
    }

    @Override
    public Mono<Void> onRetry(LLMWorkItem<T, C> item, int failedAttempt, ErrorInfo error) {
        if (log.isInfoEnabled()) {
            log.info("item {} attempt {} failed with {} ({}): {}; retrying", item.itemId(), failedAttempt,
                    error.kind(), error.errorType(), redact(error.message()));
        }
        return Mono.empty();
    }

    @Override
    public Mono<WorkItemResult<T, C>> afterProcess(WorkItemResult<T, C> result) {
        long ms = result.duration().toMillis();
        if (result.success()) {
            if (log.isInfoEnabled()) {
                log.info("item {} succeeded after {} attempt(s) in {} ms, model {}, tokens {} in / {} out",
                        result.itemId(), result.attempts(), ms, result.model(), result.usage().inputTokens(),
                        result.usage().outputTokens());
            }
        } else if (log.isWarnEnabled()) {
            ErrorInfo e = result.error();
            log.warn("item {} failed after {} attempt(s) in {} ms: {} ({}): {}", result.itemId(), result.attempts(), ms,
                    e.kind(), e.errorType(), redact(e.message()));
        }
        return Mono.empty();
    }

    /** Builds a {@link LoggingMiddleware}. */
    public static final class Builder {
        private Logger log = LoggerFactory.getLogger(LoggingMiddleware.class);
        private boolean logPrompts;
        private int maxPromptChars = 200;

        private Builder() {}

        /**
         * The logger to write to (default: {@code io.llmbatch4j.middleware.LoggingMiddleware}).
         *
         * @param log the logger
         * @return this builder
         */
        public Builder logger(Logger log) {
            this.log = Objects.requireNonNull(log, "logger");
            return this;
        }

        /**
         * Also logs prompt text at DEBUG (redacted, cut to {@code maxPromptChars}); off by default.
         *
         * @param logPrompts whether to log prompts
         * @return this builder
         */
        public Builder logPrompts(boolean logPrompts) {
            this.logPrompts = logPrompts;
            return this;
        }

        /**
         * How much of a prompt {@link #logPrompts} shows (default 200 characters).
         *
         * @param maxPromptChars at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxPromptChars(int maxPromptChars) {
            if (maxPromptChars < 0) {
                throw new IllegalArgumentException("maxPromptChars must be >= 0 (was " + maxPromptChars + ")");
            }
            this.maxPromptChars = maxPromptChars;
            return this;
        }

        /**
         * {@return the middleware}
         * @param <T> the strategies' output type
         * @param <C> the items' context type
         */
        public <T, C> LoggingMiddleware<T, C> build() {
            return new LoggingMiddleware<>(this);
        }
    }
}
