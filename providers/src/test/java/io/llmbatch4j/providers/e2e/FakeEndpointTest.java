package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.Provider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client configured from the testkit's endpoint in one call reaches it with the key it accepts. */
class FakeEndpointTest {

    @Test
    void aConfigFromTheFakesEndpointIsReadyForEachProvider() {
        FakeServerConfig keys = FakeServerConfig.builder().openAiKey("own-openai").anthropicKey("own-anthropic")
                .geminiKey("own-gemini").build();
        try (FakeLlmServer fake = FakeLlmServer.start(keys); HttpTransport transport = HttpTransport.create()) {
            ProviderConfig openAi = fake.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint).build();
            ProviderConfig anthropic = fake.endpoint(Provider.ANTHROPIC, ProviderConfig.anthropic()::endpoint).build();
            ProviderConfig gemini = fake.endpoint(Provider.GEMINI, ProviderConfig.gemini()::endpoint).build();

            assertThat(openAi.baseUrl()).isEqualTo(fake.baseUrl());
            assertThat(openAi.apiKey()).isEqualTo("own-openai");
            assertAnswers(OpenAiChatClient.create(transport, openAi), "gpt-4.1-mini");
            assertAnswers(AnthropicChatClient.create(transport, anthropic), "claude-sonnet-4-5");
            assertAnswers(GeminiChatClient.create(transport, gemini), "gemini-2.5-flash");
        }
    }

    private static void assertAnswers(ChatClient client, String model) {
        String text = client.chat(ChatRequest.builder(model).user("Hello").build()).map(r -> r.text())
                .block(Duration.ofSeconds(30));
        assertThat(text).as("%s answers", client.provider()).isNotBlank();
    }
}
