package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.middleware.LoggingMiddleware;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Middleware for custom logic, here logging: {@link LoggingMiddleware} hooks around every item
 * (not every attempt) and logs its start, each retry with the error's kind, and its end with
 * attempts, latency, model and tokens, or the error. It never logs prompts (they hold customers'
 * data) unless asked to, and masks API keys in error messages. Any {@code Middleware} can do the
 * same: {@code beforeProcess} may also replace or answer an item (a cache), {@code afterProcess}
 * may replace a result.
 *
 * <p>The provider is the embedded testkit with half the calls answered 503; items get two attempts,
 * so the log shows retries and a few failures. The middleware logs to an SLF4J logger of the
 * sample's own that prints each line and keeps it. Run: {@code mvn -B -q -DskipTests install &&
 * mvn -B -q -pl samples exec:java -Dexec.mainClass=io.llmbatch4j.samples.patterns.LoggingMiddlewareSample}.
 */
public final class LoggingMiddlewareSample {

    /** The lines logged ({@code LEVEL message}), with each item's prompt and the failed items, to check them. */
    public record Outcome(long succeeded, long failed, List<String> lines, List<String> prompts,
            Set<String> failedIds) {}

    private LoggingMiddlewareSample() {}

    public static void main(String[] args) {
        Outcome o = run(20, true);
        System.out.printf("%d succeeded, %d failed, %d lines logged%n", o.succeeded(), o.failed(), o.lines().size());
    }

    /** Starts the fake provider and sends {@code count} tickets through the logging middleware. */
    public static Outcome run(int count, boolean print) {
        FakeServerConfig fakeConfig = FakeServerConfig.builder().faults(FaultRates.builder().http503(0.5).build())
                .build();
        try (FakeLlmServer fake = FakeLlmServer.start(fakeConfig); HttpTransport transport = HttpTransport.create()) {
            ChatStrategy reply = ChatStrategy.builder(OpenAiChatClient.create(transport, ProviderConfig.openAi()
                    .baseUrl(fake.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()), "gpt-4.1-mini")
                    .systemPrompt("Reply to the support ticket.").maxOutputTokens(60).build();
            List<LLMWorkItem<String, Void>> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String prompt = SampleTickets.text(i) + " Customer: jane.doe" + i + "@example.com";
                items.add(LLMWorkItem.of("ticket-" + i, reply, prompt));
            }
            KeepingLogger logger = new KeepingLogger(print);
            ProcessorConfig config = ProcessorConfig.builder().maxWorkers(4).timeoutPerItem(Duration.ofSeconds(10))
                    .retry(RetryConfig.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).build()).build();
            BatchResult<String, Void> result;
            try (ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                    .config(config).middleware(LoggingMiddleware.builder().logger(logger).build()).build()) {
                result = processor.processAll(items).block(Duration.ofMinutes(1));
            }
            return new Outcome(result.succeeded(), result.failed(), List.copyOf(logger.lines),
                    items.stream().map(LLMWorkItem::prompt).toList(), result.results().stream()
                            .filter(r -> !r.success()).map(WorkItemResult::itemId).collect(Collectors.toSet()));
        }
    }

    /** An SLF4J logger, every level on, that keeps each line ({@code LEVEL message}) and may print it. */
    static final class KeepingLogger extends AbstractLogger {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final boolean print;

        KeepingLogger(boolean print) {
            this.print = print;
            this.name = "sample";
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            String line = level + " " + MessageFormatter.basicArrayFormat(messagePattern, arguments);
            lines.add(line);
            if (print) {
                System.out.println(line);
            }
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker marker) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }
}
