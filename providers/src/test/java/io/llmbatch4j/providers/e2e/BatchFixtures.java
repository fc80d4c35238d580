package io.llmbatch4j.providers.e2e;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchableStrategy;
import io.llmbatch4j.providers.batch.anthropic.AnthropicBatchProvider;
import io.llmbatch4j.providers.batch.gemini.GeminiBatchProvider;
import io.llmbatch4j.providers.batch.openai.OpenAiBatchProvider;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/** Batch providers pointed at a testkit server, and a batchable strategy for work items. */
final class BatchFixtures {

    private BatchFixtures() {}

    static BatchProvider openAi(HttpTransport t, FakeLlmServer s, Path temp, UnaryOperator<BatchProviderConfig.Builder> tweak) {
        return OpenAiBatchProvider.create(t, Fake.openAi(s).build(),
                tweak.apply(BatchProviderConfig.openAi().tempDirectory(temp)).build());
    }

    static BatchProvider anthropic(HttpTransport t, FakeLlmServer s, Path temp) {
        return AnthropicBatchProvider.create(t, Fake.anthropic(s).build(),
                BatchProviderConfig.anthropic().tempDirectory(temp).build());
    }

    static BatchProvider gemini(HttpTransport t, FakeLlmServer s, Path temp) {
        return GeminiBatchProvider.create(t, Fake.gemini(s).build(), BatchProviderConfig.gemini().tempDirectory(temp).build());
    }

    /** A strategy whose batch request is {@code model} + the prompt, and whose realtime call goes to {@code client}. */
    record Ask(ChatClient client, String model) implements BatchableStrategy<String> {
        @Override
        public ChatRequest request(String prompt) {
            return ChatRequest.builder(model).user(prompt).maxOutputTokens(40).build();
        }

        @Override
        public String output(ChatResponse response) {
            return response.text();
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            return client.chat(request(prompt)).map(ChatResponse::toLLMResponse);
        }
    }

    static List<LLMWorkItem<String, Integer>> items(Ask strategy, String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new LLMWorkItem<>(prefix + i, strategy, "question " + prefix + i, i))
                .toList();
    }

    static long count(FakeLlmServer server, String method, String path) {
        return server.requests().stream().filter(r -> r.method().equals(method) && r.pathWithoutQuery().equals(path))
                .count();
    }

    static List<RecordedRequest> matching(FakeLlmServer server, String method, String pathPart) {
        return server.requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).toList();
    }
}
