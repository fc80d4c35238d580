package io.llmbatch4j.providers.e2e;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.Provider;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Clients of each provider pointed at a testkit server, with the keys it accepts. */
final class Fake {

    private Fake() {}

    static ProviderConfig.Builder openAi(FakeLlmServer server) {
        return server.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint)
                .requestTimeout(Duration.ofSeconds(10));
    }

    static ProviderConfig.Builder anthropic(FakeLlmServer server) {
        return server.endpoint(Provider.ANTHROPIC, ProviderConfig.anthropic()::endpoint)
                .requestTimeout(Duration.ofSeconds(10));
    }

    static ProviderConfig.Builder gemini(FakeLlmServer server) {
        return server.endpoint(Provider.GEMINI, ProviderConfig.gemini()::endpoint)
                .requestTimeout(Duration.ofSeconds(10));
    }

    /** The three providers, for tests that hold for each. */
    enum Kind {
        OPENAI("openai", "gpt-4.1-mini"), ANTHROPIC("anthropic", "claude-sonnet-4-5"),
        GEMINI("gemini", "gemini-2.5-flash");

        final String provider;
        final String model;

        Kind(String provider, String model) {
            this.provider = provider;
            this.model = model;
        }

        ChatClient client(HttpTransport transport, FakeLlmServer server) {
            return client(transport, server, UnaryOperator.identity());
        }

        ChatClient client(HttpTransport transport, FakeLlmServer server,
                UnaryOperator<ProviderConfig.Builder> tweak) {
            return switch (this) {
                case OPENAI -> OpenAiChatClient.create(transport, tweak.apply(openAi(server)).build());
                case ANTHROPIC -> AnthropicChatClient.create(transport, tweak.apply(anthropic(server)).build());
                case GEMINI -> GeminiChatClient.create(transport, tweak.apply(gemini(server)).build());
            };
        }
    }

    static ModelCatalog catalog() {
        return ModelCatalog.defaults();
    }
}
