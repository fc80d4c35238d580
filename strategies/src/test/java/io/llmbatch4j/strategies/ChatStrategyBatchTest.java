package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.batch.BatchJobRunner;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchProviderRegistry;
import io.llmbatch4j.providers.batch.BatchRunConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same ChatStrategy runs realtime and, unchanged, through the offline Batch API runner. */
class ChatStrategyBatchTest {

    @TempDir
    Path temp;

    @Test
    void aChatStrategyRunsThroughTheOfflineBatchApiWithTheRealtimeRequestBody() {
        try (FakeLlmServer server = FakeLlmServer.start(); HttpTransport transport = HttpTransport.create()) {
            ProviderConfig config = ProviderConfig.openAi().baseUrl(server.baseUrl())
                    .apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build();
            ChatStrategy strategy = ChatStrategy.builder(OpenAiChatClient.create(transport, config), "gpt-4.1-mini")
                    .systemPrompt("Label the ticket.").maxOutputTokens(12).build();
            BatchProvider openAi = BatchProviderRegistry.discover().get("openai").create(transport, config,
                    BatchProviderConfig.openAi().tempDirectory(temp).build());
            List<LLMWorkItem<String, Void>> items = IntStream.range(0, 5)
                    .mapToObj(i -> LLMWorkItem.of("b-" + i, strategy, "ticket " + i)).toList();

            List<WorkItemResult<String, Void>> results = BatchJobRunner.<String, Void>builder().provider(openAi)
                    .config(BatchRunConfig.builder().pollInitialDelay(Duration.ofMillis(5))
                            .pollMaxDelay(Duration.ofMillis(20)).build())
                    .build().run(items).collectList().block(Duration.ofMinutes(1));

            assertThat(results).hasSize(5).allSatisfy(r -> {
                assertThat(r.success()).as(r.toString()).isTrue();
                assertThat(r.output()).isNotBlank();
            });
            RecordedRequest upload = server.requests().stream().filter(r -> r.path().equals("/v1/files"))
                    .findFirst().orElseThrow();
            assertThat(upload.body()).contains("\"max_completion_tokens\":12").contains("Label the ticket.");
        }
    }
}
