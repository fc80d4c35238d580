package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.spring.boot.LlmBatchProperties.ProviderProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/** Makes the chat client of one configured provider; a bad setting fails start-up naming its property. */
final class ProviderClients {

    /** The kinds of provider section; {@code COMPATIBLE} is an OpenAI-compatible server. */
    enum Kind { OPENAI, ANTHROPIC, GEMINI, COMPATIBLE }

    private final HttpTransport transport;
    private final ModelCatalog catalog;
    private final Environment environment;

    ProviderClients(HttpTransport transport, ModelCatalog catalog, Environment environment) {
        this.transport = transport;
        this.catalog = catalog;
        this.environment = environment;
    }

    /** The configured providers by bean-name stem ({@code openai}, {@code anthropic}, {@code gemini}, compatible names). */
    static Map<String, Kind> configured(LlmBatchProperties.ProvidersProperties p) {
        Map<String, Kind> out = new LinkedHashMap<>();
        if (p.openai() != null) {
            out.put("openai", Kind.OPENAI);
        }
        if (p.anthropic() != null) {
            out.put("anthropic", Kind.ANTHROPIC);
        }
        if (p.gemini() != null) {
            out.put("gemini", Kind.GEMINI);
        }
        p.compatible().keySet().forEach(name -> out.put(name, Kind.COMPATIBLE));
        return out;
    }

    static Class<? extends ChatClient> type(Kind kind) {
        return switch (kind) {
            case OPENAI, COMPATIBLE -> OpenAiChatClient.class;
            case ANTHROPIC -> AnthropicChatClient.class;
            case GEMINI -> GeminiChatClient.class;
        };
    }

    ChatClient create(String name, Kind kind, ProviderProperties props) {
        String property = LlmBatchProperties.PREFIX + ".providers." + (kind == Kind.COMPATIBLE ? "compatible." : "") + name;
        ProviderConfig.Builder b = switch (kind) {
            case OPENAI, COMPATIBLE -> ProviderConfig.openAi();
            case ANTHROPIC -> ProviderConfig.anthropic();
            case GEMINI -> ProviderConfig.gemini();
        };
        if (props.baseUrl() != null) {
            b.baseUrl(props.baseUrl());
        }
        if (props.apiKey() != null) {
            b.apiKey(props.apiKey());
        }
        if (props.apiKeyEnv() != null) {
            b.apiKeyEnv(props.apiKeyEnv());
        }
        if (props.requestTimeout() != null) {
            b.requestTimeout(props.requestTimeout());
        }
        ProviderConfig config;
        try {
            config = b.catalog(catalog).environment(environment::getProperty).build();
        } catch (InvalidConfigException e) {
            throw new IllegalStateException("Invalid " + property + ".*: " + String.join("; ", e.problems())
                    + " (properties " + property + ".base-url, .api-key, .api-key-env, .request-timeout)");
        }
        return switch (kind) {
            case OPENAI, COMPATIBLE -> OpenAiChatClient.create(transport, config);
            case ANTHROPIC -> AnthropicChatClient.create(transport, config);
            case GEMINI -> GeminiChatClient.create(transport, config);
        };
    }
}
