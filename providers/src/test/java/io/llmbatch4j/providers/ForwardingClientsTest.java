package io.llmbatch4j.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.ForwardingBatchProvider;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.providers.batch.gemini.GeminiBatchProvider;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The public clients forward to their implementations; decorators built on the forwarding bases keep the rest. */
class ForwardingClientsTest {

    private static final HttpTransport TRANSPORT = HttpTransport.create();

    @AfterAll
    static void close() {
        TRANSPORT.close();
    }

    @Test
    void publicClientsKeepTheirNamesConfigAndTargetsAndHideTheKey() {
        ProviderConfig openAi = ProviderConfig.openAi().apiKey("sk-very-secret").build();
        OpenAiChatClient client = OpenAiChatClient.create(TRANSPORT, openAi);
        assertThat(client.config()).isSameAs(openAi);
        assertThat(client.provider()).isEqualTo("openai");
        assertThat(client.toString()).startsWith("OpenAiChatClient[").doesNotContain("sk-very-secret");
        assertThat(client.target("gpt-4.1-mini")).isEqualTo(CallTarget.chat("openai", "gpt-4.1-mini"));

        ProviderConfig anthropic = ProviderConfig.anthropic().apiKey("sk-ant").build();
        assertThat(AnthropicChatClient.create(TRANSPORT, anthropic).toString()).startsWith("AnthropicChatClient[");

        GeminiChatClient gemini = GeminiChatClient.create(TRANSPORT, ProviderConfig.gemini().apiKey("g-key").build());
        assertThat(gemini.toString()).startsWith("GeminiChatClient[").doesNotContain("g-key");
        assertThat(gemini.target("models/gemini-2.5-flash")).isEqualTo(new CallTarget(ModelCatalog.GEMINI_OTEL_NAME,
                "gemini-2.5-flash", CallTarget.GENERATE_CONTENT));
    }

    @Test
    void aChatDecoratorOverridesOneMethodAndForwardsTheRestDefaultsIncluded() {
        GeminiChatClient gemini = GeminiChatClient.create(TRANSPORT, ProviderConfig.gemini().apiKey("g-key").build());
        ChatClient decorated = new ForwardingChatClient(gemini) {
            @Override
            public Mono<ChatResponse> chat(ChatRequest request) {
                return Mono.empty();
            }
        };
        assertThat(decorated.provider()).isEqualTo(gemini.provider());
        assertThat(decorated.catalog()).isSameAs(gemini.catalog());
        assertThat(decorated.target("gemini-2.5-flash").provider()).isEqualTo(ModelCatalog.GEMINI_OTEL_NAME);
        assertThat(decorated.toString()).isEqualTo(gemini.toString());
    }

    @Test
    void aBatchDecoratorOverridesOneMethodAndForwardsTheRest() {
        BatchProviderConfig limits = BatchProviderConfig.gemini().build();
        GeminiBatchProvider gemini = GeminiBatchProvider.create(TRANSPORT,
                ProviderConfig.gemini().apiKey("g-key").build(), limits);
        BatchProvider decorated = new ForwardingBatchProvider(gemini) {
            @Override
            public Mono<io.llmbatch4j.providers.batch.BatchHandle> submit(PreparedBatch batch) {
                return Mono.empty();
            }
        };
        assertThat(decorated.name()).isEqualTo("gemini");
        assertThat(decorated.config()).isSameAs(limits);
        assertThat(decorated.supportsModel("models/gemini-2.5-flash")).isEqualTo(gemini.supportsModel("gemini-2.5-flash"))
                .isTrue();
        assertThat(decorated.toString()).isEqualTo(gemini.toString()).startsWith("GeminiBatchProvider[")
                .doesNotContain("g-key");
    }
}
