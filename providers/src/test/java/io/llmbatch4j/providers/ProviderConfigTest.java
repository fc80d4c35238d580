package io.llmbatch4j.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.InvalidConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

    @Test
    void takesTheKeyFromTheEnvironmentWhenNoneIsSet() {
        ProviderConfig c = ProviderConfig.openAi().environment(Map.of("OPENAI_API_KEY", "sk-from-env")::get).build();
        assertThat(c.apiKey()).isEqualTo("sk-from-env");
        assertThat(c.baseUrl()).isEqualTo("https://api.openai.com");
        ProviderConfig direct = ProviderConfig.openAi().apiKey("sk-direct")
                .environment(Map.of("OPENAI_API_KEY", "sk-from-env")::get).build();
        assertThat(direct.apiKey()).isEqualTo("sk-direct");
    }

    @Test
    void refusesEveryBadFieldNamingTheEnvironmentVariableAndNeverTheKey() {
        assertThatThrownBy(() -> ProviderConfig.anthropic().environment(name -> null).baseUrl("ftp://x")
                .requestTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("baseUrl must be an absolute http or https URL (was ftp://x)")
                .hasMessageContaining("apiKey is missing: set it or the environment variable ANTHROPIC_API_KEY")
                .hasMessageContaining("requestTimeout must be positive (was PT0S)");
        assertThatThrownBy(() -> ProviderConfig.gemini().apiKey("has space secret").build())
                .hasMessageContaining("apiKey must be printable ASCII")
                .hasMessageNotContaining("secret");
    }

    @Test
    void toStringHidesTheKeyAndHeaderValues() {
        ProviderConfig c = ProviderConfig.openAi().apiKey("sk-very-secret").header("OpenAI-Organization", "org-hidden")
                .baseUrl("http://127.0.0.1:8080/").build();
        assertThat(c.toString()).doesNotContain("sk-very-secret").doesNotContain("org-hidden")
                .contains("http://127.0.0.1:8080").contains("OpenAI-Organization");
        assertThat(c.baseUrl()).as("trailing slash dropped").isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void acceptsBaseUrlsAsProviderDocsPrintThemWithTheApiVersion() {
        assertThat(root(ProviderConfig.openAi(), "https://api.groq.com/openai/v1")).isEqualTo("https://api.groq.com/openai");
        assertThat(root(ProviderConfig.openAi(), "https://api.kluster.ai/v1/")).isEqualTo("https://api.kluster.ai");
        assertThat(root(ProviderConfig.openAi(), "http://localhost:8000/v1")).isEqualTo("http://localhost:8000");
        assertThat(root(ProviderConfig.openAi(), "http://localhost:8000")).isEqualTo("http://localhost:8000");
        assertThat(root(ProviderConfig.anthropic(), "https://api.anthropic.com/v1")).isEqualTo("https://api.anthropic.com");
        assertThat(root(ProviderConfig.gemini(), "https://generativelanguage.googleapis.com/v1beta/"))
                .isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(root(ProviderConfig.openAi(), "http://v1")).as("a host named v1 is no version").isEqualTo("http://v1");
        ProviderConfig groq = ProviderConfig.openAi().apiKey("k").baseUrl("https://api.groq.com/openai/v1").build();
        assertThat(groq.toBuilder().build().baseUrl()).as("toBuilder keeps it").isEqualTo("https://api.groq.com/openai");
    }

    private static String root(ProviderConfig.Builder preset, String url) {
        return preset.apiKey("k").baseUrl(url).build().baseUrl();
    }
}
