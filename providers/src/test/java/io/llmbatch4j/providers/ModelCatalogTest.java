package io.llmbatch4j.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.TokenUsage;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.defaults();

    @Test
    void bundledCatalogDescribesReasoningModelsByPrefix() {
        ModelInfo o3 = catalog.resolve("openai", "o3-2025-04-16");
        assertThat(o3.match()).isEqualTo("o3*");
        assertThat(o3.supportsTemperature()).isFalse();
        assertThat(o3.supportsSystemRole()).isTrue();
        assertThat(o3.tokenParameter()).isEqualTo(TokenParameter.MAX_COMPLETION_TOKENS);

        ModelInfo o1mini = catalog.resolve("openai", "o1-mini-2024-09-12");
        assertThat(o1mini.match()).as("longest prefix wins over o1*").isEqualTo("o1-mini*");
        assertThat(o1mini.supportsSystemRole()).isFalse();
    }

    @Test
    void exactNameWinsAndUnsetFieldsComeFromTheProviderDefault() {
        ModelInfo mini = catalog.resolve("openai", "gpt-4.1-mini");
        assertThat(mini.match()).isEqualTo("gpt-4.1-mini");
        assertThat(mini.supportsTemperature()).isTrue();
        assertThat(mini.batchDiscount()).isEqualTo(0.5);
        assertThat(mini.inputPerMillion()).isEqualTo(0.40);
    }

    @Test
    void unknownModelGetsThePermissiveProviderDefault() {
        ModelInfo unknown = catalog.resolve("openai", "my-vllm-finetune");
        assertThat(unknown.match()).isEqualTo("*");
        assertThat(unknown.supportsTemperature()).isTrue();
        assertThat(unknown.inputPerMillion()).isZero();
        assertThat(catalog.resolve("anthropic", "claude-new").defaultMaxOutputTokens()).isEqualTo(4096);
        assertThat(catalog.resolve("nobody", "x").supportsSystemRole()).isTrue();
    }

    @Test
    void overridesChangeOnlyTheFieldsTheySet() {
        ModelCatalog mine = ModelCatalog.parse("""
                openai:
                  gpt-4.1-mini: {inputPerMillion: 0.35}
                  "my-model*": {supportsTemperature: false}
                """, "mine.yaml");
        ModelCatalog merged = catalog.withOverrides(mine);
        ModelInfo mini = merged.resolve("openai", "gpt-4.1-mini");
        assertThat(mini.inputPerMillion()).isEqualTo(0.35);
        assertThat(mini.outputPerMillion()).as("kept from the bundled entry").isEqualTo(1.60);
        assertThat(merged.resolve("openai", "my-model-v2").supportsTemperature()).isFalse();
        assertThat(catalog.resolve("openai", "gpt-4.1-mini").inputPerMillion()).as("original untouched").isEqualTo(0.40);
    }

    @Test
    void refusesUnknownFieldsNamingSourceLineAndField() {
        assertThatThrownBy(() -> ModelCatalog.parse("""
                openai:
                  gpt-x:
                    suportsTemperature: false
                """, "my-models.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("my-models.yaml line 3")
                .hasMessageContaining("suportsTemperature");
    }

    @Test
    void refusesBadValuesNamingEveryField() {
        assertThatThrownBy(() -> ModelCatalog.parse("""
                openai:
                  gpt-x: {inputPerMillion: -1, batchDiscount: 1.5}
                """, "bad.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("openai.gpt-x.inputPerMillion must be a finite number >= 0 (was -1.0)")
                .hasMessageContaining("openai.gpt-x.batchDiscount must be between 0 and 1 (was 1.5)");
        assertThatThrownBy(() -> ModelCatalog.parse("openai:\n  gpt-x: {tokenParameter: max_toks}\n", "t.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("t.yaml line 2")
                .hasMessageContaining("max_toks");
    }

    @Test
    void costsUncachedCachedWrittenAndOutputTokensAtTheirPricesWithBatchDiscount() {
        ModelInfo sonnet = catalog.resolve("anthropic", "claude-sonnet-4-5-20250929");
        // 1M input of which 400k cache reads and 100k cache writes, 100k output
        TokenUsage usage = new TokenUsage(1_000_000, 100_000, 400_000);
        double expected = 0.5 * 3.00 + 0.4 * 0.30 + 0.1 * 3.75 + 0.1 * 15.00;
        assertThat(sonnet.cost(usage, 100_000, false)).isCloseTo(expected, within(1e-9));
        assertThat(sonnet.cost(usage, 100_000, true)).isCloseTo(expected / 2, within(1e-9));
    }
}
