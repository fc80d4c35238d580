package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The processor, a plain chat strategy and a real client against the testkit with faults on. */
class ChatStrategyEndToEndTest {

    private static final int ITEMS = 1_000;
    private static FakeLlmServer server;
    private static HttpTransport transport;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start(FakeServerConfig.builder()
                .faults(FaultRates.builder().http500(0.03).http502(0.01).http503(0.03).overloaded(0.02)
                        .connectionReset(0.02).malformedJson(0.02).hang(0.002).build())
                .build());
        transport = HttpTransport.create();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    private static ChatClient client(String provider) {
        Duration timeout = Duration.ofSeconds(2);
        return switch (provider) {
            case "openai" -> OpenAiChatClient.create(transport, ProviderConfig.openAi().baseUrl(server.baseUrl())
                    .apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).requestTimeout(timeout).build());
            case "anthropic" -> AnthropicChatClient.create(transport, ProviderConfig.anthropic()
                    .baseUrl(server.baseUrl()).apiKey(FakeServerConfig.DEFAULT_ANTHROPIC_KEY).requestTimeout(timeout)
                    .build());
            default -> GeminiChatClient.create(transport, ProviderConfig.gemini().baseUrl(server.baseUrl())
                    .apiKey(FakeServerConfig.DEFAULT_GEMINI_KEY).requestTimeout(timeout).build());
        };
    }

    private static final Map<String, String> MODELS = Map.of("openai", "gpt-4.1-mini",
            "anthropic", "claude-haiku-4-5", "gemini", "gemini-2.5-flash");

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void everyItemEndsSucceededOrWithAClassifiedErrorAndNoneIsLost(String provider) {
        ChatStrategy strategy = ChatStrategy.builder(client(provider), MODELS.get(provider))
                .systemPrompt("Label the ticket: billing, bug or other.").maxOutputTokens(20).build();
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(64).timeoutPerItem(Duration.ofSeconds(3))
                .retry(RetryConfig.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(5)).build())
                .build();
        List<LLMWorkItem<String, Void>> items = IntStream.range(0, ITEMS)
                .mapToObj(i -> LLMWorkItem.of("t-" + i, strategy, "Ticket " + i + ": I was charged twice"))
                .toList();

        BatchResult<String, Void> result;
        try (ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                .config(config).build()) {
            result = processor.processAll(items).block(Duration.ofMinutes(2));
        }

        assertThat(result.results()).hasSize(ITEMS);
        assertThat(result.results().stream().map(WorkItemResult::itemId).distinct()).hasSize(ITEMS);
        assertThat(result.succeeded() + result.failed()).isEqualTo(ITEMS);
        Map<ErrorKind, Long> failures = result.results().stream().filter(r -> !r.success())
                .collect(Collectors.groupingBy(WorkItemResult::errorKind, Collectors.counting()));
        assertThat(failures.keySet()).as("only retryable kinds can survive 4 attempts")
                .isSubsetOf(EnumSet.of(ErrorKind.TRANSIENT, ErrorKind.TIMEOUT));
        // ~15% of calls fault; four attempts leave ~0.05% failing: nearly everything succeeds
        assertThat(result.succeeded()).isGreaterThanOrEqualTo(ITEMS - 10);
        assertThat(result.results().stream().filter(WorkItemResult::success).map(WorkItemResult::output))
                .allSatisfy(text -> assertThat(text).isNotBlank());
        assertThat(result.results().stream().filter(WorkItemResult::success)
                .collect(Collectors.toMap(WorkItemResult::itemId, Function.identity())))
                .allSatisfy((id, r) -> assertThat(r.usage().inputTokens()).isPositive());
        assertThat(result.results().stream().mapToInt(WorkItemResult::attempts).sum())
                .as("faults were really injected and retried").isGreaterThan(ITEMS);
    }
}
