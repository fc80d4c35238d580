package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every strategy says what each attempt calls, so metrics and cost see failed attempts too. */
class DescribeTest {

    private static Attempt attempt(RetryState state) {
        return new Attempt("i", 1, 0, Duration.ofSeconds(1), state);
    }

    @Test
    void strategiesDescribeTheirProviderAndModelInOpenTelemetryNamesThatTheCatalogPrices() {
        try (HttpTransport transport = HttpTransport.create()) {
            OpenAiChatClient openAi = OpenAiChatClient.create(transport, ProviderConfig.openAi().apiKey("k").build());
            GeminiChatClient gemini = GeminiChatClient.create(transport, ProviderConfig.gemini().apiKey("k").build());
            RetryState state = new RetryState();

            assertThat(ChatStrategy.builder(openAi, "gpt-4.1-mini").build().describe(attempt(state)))
                    .isEqualTo(CallTarget.chat("openai", "gpt-4.1-mini"));
            CallTarget geminiTarget = ChatStrategy.builder(gemini, "models/gemini-2.5-flash").build().describe(attempt(state));
            assertThat(geminiTarget).isEqualTo(new CallTarget("gcp.gemini", "gemini-2.5-flash", CallTarget.GENERATE_CONTENT));
            assertThat(ModelCatalog.defaults().resolve(geminiTarget.provider(), geminiTarget.model()).inputPerMillion())
                    .as("the OpenTelemetry name prices from the catalog's gemini section").isPositive();

            ModelEscalationStrategy<String> escalation = ModelEscalationStrategy.ofModels(
                    List.of("gpt-4.1-nano", "gpt-4.1"), m -> ChatStrategy.builder(openAi, m).build());
            assertThat(escalation.describe(attempt(state)).model()).isEqualTo("gpt-4.1-nano");
            state.put(ModelEscalationStrategy.LEVEL, 1);
            assertThat(escalation.describe(attempt(state)).model()).as("follows the item's level").isEqualTo("gpt-4.1");

            FallbackStrategy<String> fallback = FallbackStrategy.of(ChatStrategy.builder(openAi, "gpt-4.1").build(),
                    ChatStrategy.builder(gemini, "gemini-2.5-flash").build());
            RetryState fresh = new RetryState();
            assertThat(fallback.describe(attempt(fresh)).provider()).isEqualTo("openai");
            fresh.put(FallbackStrategy.USED_SECONDARY, true);
            assertThat(fallback.describe(attempt(fresh)).provider()).isEqualTo("gcp.gemini");
            assertThat(ValidationFeedbackRetryStrategy.wrap(ChatStrategy.builder(openAi, "o3").build())
                    .describe(attempt(fresh)).model()).isEqualTo("o3");
        }
    }
}
