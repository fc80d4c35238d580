package io.llmbatch4j.samples.cli;

import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.Provider;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The chat client a run talks to: a real provider when its API key is in the environment (or a
 * base URL is given), else the embedded fake provider on loopback, announced in one line.
 * Closing it closes the connection pool and, if started, the fake server.
 */
final class Backend implements AutoCloseable {

    /** The providers the CLI speaks, with their default model and key variable. */
    enum Kind {
        OPENAI("gpt-4.1-mini", "OPENAI_API_KEY", Provider.OPENAI),
        ANTHROPIC("claude-haiku-4-5", "ANTHROPIC_API_KEY", Provider.ANTHROPIC),
        GEMINI("gemini-2.5-flash", "GEMINI_API_KEY", Provider.GEMINI);

        final String defaultModel;
        final String keyVariable;
        final Provider fake;

        Kind(String defaultModel, String keyVariable, Provider fake) {
            this.defaultModel = defaultModel;
            this.keyVariable = keyVariable;
            this.fake = fake;
        }
    }

    /** The fake provider's behaviour: realistic latency and a few transient failures to retry. */
    static final FakeServerConfig EMBEDDED = FakeServerConfig.builder()
            .latency(LatencyProfile.uniform(Duration.ofMillis(20), Duration.ofMillis(120)))
            .faults(FaultRates.builder().http503(0.02).build())
            .build();

    final ChatClient client;
    final ModelCatalog catalog;
    final boolean embedded;
    private final HttpTransport transport;
    private final @Nullable FakeLlmServer fake;

    private Backend(ChatClient client, ModelCatalog catalog, HttpTransport transport, @Nullable FakeLlmServer fake) {
        this.client = client;
        this.catalog = catalog;
        this.transport = transport;
        this.fake = fake;
        this.embedded = fake != null;
    }

    /**
     * @param keyVariable the environment variable holding the key, or null for the provider's own
     * @param baseUrl an OpenAI-compatible (or other) server to use instead of the provider's, or null
     * @param catalog what the models accept and cost
     */
    static Backend open(Kind kind, @Nullable String keyVariable, @Nullable String baseUrl, Duration requestTimeout,
            int connections, ModelCatalog catalog, Function<String, @Nullable String> env, PrintStream out) {
        String variable = keyVariable != null ? keyVariable : kind.keyVariable;
        String key = env.apply(variable);
        FakeLlmServer fake = null;
        String url = baseUrl;
        if ((key == null || key.isBlank()) && baseUrl == null) {
            fake = FakeLlmServer.start(EMBEDDED);
            url = fake.baseUrl();
            key = EMBEDDED.apiKey(kind.fake);
            out.println("No " + variable + " in the environment: using the embedded fake " + kind.name().toLowerCase()
                    + " provider at " + url + " (simulated answers; the cost shown is what the model would charge).");
        } else if (key == null || key.isBlank()) {
            key = "unused"; // a local server (vLLM) may want none; one that does answers 401, and the run stops
            out.println("No " + variable + " in the environment: calling " + baseUrl + " without an API key"
                    + " (--api-key-env VAR names the variable holding one).");
        }
        HttpTransport transport = HttpTransport.create(TransportConfig.builder()
                .maxConnections(Math.max(1, connections)).build());
        ProviderConfig.Builder config = switch (kind) {
            case OPENAI -> ProviderConfig.openAi();
            case ANTHROPIC -> ProviderConfig.anthropic();
            case GEMINI -> ProviderConfig.gemini();
        };
        config.apiKey(key).requestTimeout(requestTimeout).catalog(catalog);
        if (url != null) {
            config.baseUrl(url);
        }
        ProviderConfig built = config.build();
        ChatClient client = switch (kind) {
            case OPENAI -> OpenAiChatClient.create(transport, built);
            case ANTHROPIC -> AnthropicChatClient.create(transport, built);
            case GEMINI -> GeminiChatClient.create(transport, built);
        };
        return new Backend(client, built.catalog(), transport, fake);
    }

    /** Environment lookup from a map (tests) or the process. */
    static Function<String, @Nullable String> env(@Nullable Map<String, String> map) {
        return map == null ? System::getenv : map::get;
    }

    @Override
    public void close() {
        transport.close();
        if (fake != null) {
            fake.close();
        }
    }
}
