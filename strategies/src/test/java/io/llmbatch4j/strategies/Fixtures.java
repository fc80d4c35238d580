package io.llmbatch4j.strategies;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/** Clients against the testkit and a one-call way to run items through the processor. */
final class Fixtures {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    private Fixtures() {}

    static ChatClient client(String provider, HttpTransport transport, FakeLlmServer server) {
        return client(provider, transport, server, ModelCatalog.defaults(), null);
    }

    /** A client of {@code provider} against {@code server}; {@code key} null = the fake's valid key. */
    static ChatClient client(String provider, HttpTransport transport, FakeLlmServer server, ModelCatalog catalog,
            String key) {
        return switch (provider) {
            case "openai" -> OpenAiChatClient.create(transport, ProviderConfig.openAi().baseUrl(server.baseUrl())
                    .apiKey(key != null ? key : FakeServerConfig.DEFAULT_OPENAI_KEY).requestTimeout(CLIENT_TIMEOUT)
                    .catalog(catalog).build());
            case "anthropic" -> AnthropicChatClient.create(transport, ProviderConfig.anthropic()
                    .baseUrl(server.baseUrl()).apiKey(key != null ? key : FakeServerConfig.DEFAULT_ANTHROPIC_KEY)
                    .requestTimeout(CLIENT_TIMEOUT).catalog(catalog).build());
            case "gemini" -> GeminiChatClient.create(transport, ProviderConfig.gemini().baseUrl(server.baseUrl())
                    .apiKey(key != null ? key : FakeServerConfig.DEFAULT_GEMINI_KEY).requestTimeout(CLIENT_TIMEOUT)
                    .catalog(catalog).build());
            default -> throw new IllegalArgumentException(provider);
        };
    }

    static ProcessorConfig config(int maxWorkers, int maxAttempts) {
        return ProcessorConfig.builder().maxWorkers(maxWorkers).timeoutPerItem(Duration.ofSeconds(3))
                .retry(RetryConfig.builder().maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(5)).build())
                .build();
    }

    static <T> List<LLMWorkItem<T, Void>> items(int n, LLMCallStrategy<T> strategy, String prompt) {
        return IntStream.range(0, n)
                .mapToObj(i -> LLMWorkItem.of("item-" + i, strategy, prompt + " (case " + i + ")"))
                .toList();
    }

    static <T> BatchResult<T, Void> run(ProcessorConfig config, List<LLMWorkItem<T, Void>> items) {
        try (ParallelBatchProcessor<T, Void> processor = ParallelBatchProcessor.<T, Void>builder().config(config)
                .build()) {
            return processor.processAll(items).block(Duration.ofMinutes(2));
        }
    }

    static List<RecordedRequest> requests(FakeLlmServer server, String pathPart) {
        return server.requests().stream().filter(r -> r.path().contains(pathPart)).toList();
    }

    /** Waits (bounded) for a condition that an asynchronous cleanup makes true. */
    static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return condition.getAsBoolean();
    }
}
