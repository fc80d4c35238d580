package io.llmbatch4j.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.providers.internal.Adaptation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

    @Test
    void refusesEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> ChatRequest.builder(" ").system("only a system prompt").temperature(3.0)
                .maxOutputTokens(0).stopSequences(List.of("a", "b", "c", "d", "e")).cachedContent("abc").build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).hasSize(6))
                .hasMessageContaining("model must not be blank")
                .hasMessageContaining("messages must contain at least one user or assistant message")
                .hasMessageContaining("temperature must be between 0 and 2 (was 3.0)")
                .hasMessageContaining("maxOutputTokens must be >= 1 (was 0)")
                .hasMessageContaining("stopSequences must hold at most 4 entries (was 5)")
                .hasMessageContaining("cachedContent must be a Gemini cache name");
    }

    @Test
    void toStringNeverShowsPromptText() {
        ChatRequest r = ChatRequest.of("gpt-4.1-mini", "secret instructions", "my card is 4111");
        assertThat(r.toString()).doesNotContain("secret").doesNotContain("4111").contains("gpt-4.1-mini");
        assertThat(r.messages().get(1).toString()).doesNotContain("4111");
    }

    @Test
    void adaptationFoldsSystemTextIntoFirstUserMessageAndDropsTemperatureWhereTheCatalogSaysSo() {
        ModelInfo o1mini = ModelCatalog.defaults().resolve("openai", "o1-mini");
        ChatRequest r = ChatRequest.builder("o1-mini").system("Be brief.").user("Hi").assistant("Hello")
                .user("Again").temperature(0.2).build();
        Adaptation a = Adaptation.of(r, o1mini);
        assertThat(a.messages()).extracting(ChatMessage::role)
                .containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT, ChatMessage.Role.USER);
        assertThat(a.messages().get(0).text()).isEqualTo("Be brief.\n\nHi");
        assertThat(a.temperature()).isNull();

        Adaptation plain = Adaptation.of(r, ModelCatalog.defaults().resolve("openai", "gpt-4.1-mini"));
        assertThat(plain.messages()).isEqualTo(r.messages());
        assertThat(plain.temperature()).isEqualTo(0.2);
    }

    @Test
    void adaptationTakesTheOutputCapFromTheCatalogWhenTheRequestHasNone() {
        ChatRequest r = ChatRequest.of("claude-sonnet-4-5", null, "Hi");
        assertThat(Adaptation.of(r, ModelCatalog.defaults().resolve("anthropic", "claude-sonnet-4-5"))
                .maxOutputTokens()).isEqualTo(4096);
        assertThat(Adaptation.of(r.toBuilder().maxOutputTokens(10).build(),
                ModelCatalog.defaults().resolve("anthropic", "claude-sonnet-4-5")).maxOutputTokens()).isEqualTo(10);
    }
}
