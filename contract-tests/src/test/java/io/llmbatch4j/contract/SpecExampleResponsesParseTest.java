package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The clients parse the responses the specs themselves give as examples (Prism answers with them)
 * without losing a usage figure. Expected figures are read from the spec documents, not written here.
 */
@ExtendWith(PrismMocks.class)
class SpecExampleResponsesParseTest {

    private static HttpTransport transport;
    private static SpecGate openAi;
    private static SpecGate anthropic;
    private static SpecGate gemini;

    @BeforeAll
    static void start(PrismMocks.Running mocks) {
        transport = HttpTransport.create();
        openAi = SpecGate.to(mocks.baseUrl(Spec.OPENAI), SpecLag.OPENAI);
        anthropic = SpecGate.to(mocks.baseUrl(Spec.ANTHROPIC), SpecLag.ANTHROPIC);
        gemini = SpecGate.to(mocks.baseUrl(Spec.GEMINI), SpecLag.GEMINI);
    }

    @AfterAll
    static void stop() {
        Clients.logCount("examples", "openai", openAi);
        Clients.logCount("examples", "anthropic", anthropic);
        Clients.logCount("examples", "gemini", gemini);
        transport.close();
        openAi.close();
        anthropic.close();
        gemini.close();
    }

    @Test
    void openAiChatCompletionExampleKeepsPromptCachedAndCompletionTokens() {
        JsonNode example = ServedSpecs.openAiChatCompletionExample(Spec.OPENAI.document());
        OpenAiChatClient client = OpenAiChatClient.create(transport, Clients.openAi(openAi).build());

        ChatResponse answer = client.chat(ChatRequest.of("gpt-4o", null, "What is in this image?"))
                .block(Clients.TIMEOUT);

        assertThat(openAi.last().response()).as("Prism answered with the spec's example").isEqualTo(example);
        JsonNode usage = example.path("usage");
        assertThat(answer.usage()).isEqualTo(new TokenUsage(usage.path("prompt_tokens").asLong(),
                usage.path("completion_tokens").asLong(), usage.at("/prompt_tokens_details/cached_tokens").asLong()));
        assertThat(answer.usage().total()).isEqualTo(usage.path("total_tokens").asLong());
        assertThat(answer.text()).isEqualTo(example.at("/choices/0/message/content").asString());
        assertThat(answer.model()).isEqualTo(example.path("model").asString());
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void anthropicMessageExampleKeepsInputAndOutputTokens() {
        JsonNode example = Spec.ANTHROPIC.document().at("/components/schemas/Message/examples/0");
        AnthropicChatClient client = AnthropicChatClient.create(transport, Clients.anthropic(anthropic).build());

        ChatResponse answer = client.chat(ChatRequest.of("claude-sonnet-4-5", null, "Hello")).block(Clients.TIMEOUT);

        assertThat(anthropic.last().response()).as("Prism answered with the spec's example").isEqualTo(example);
        JsonNode usage = example.path("usage");
        // the example has no cache fields: input = input_tokens + 0 cache writes + 0 cache reads
        assertThat(answer.usage()).isEqualTo(new TokenUsage(usage.path("input_tokens").asLong(),
                usage.path("output_tokens").asLong(), 0));
        assertThat(answer.cacheWriteTokens()).isZero();
        assertThat(answer.text()).isEqualTo(example.at("/content/0/text").asString());
        assertThat(answer.model()).isEqualTo(example.path("model").asString());
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    /**
     * Google's discovery document has no examples, so Prism generates one: every int32 count is
     * -2147483648 (spec-valid). The client must still return the answer; a negative count is no
     * count, so usage is zero rather than a made-up figure.
     */
    @Test
    void geminiGeneratedSampleParsesWithNegativeCountsReadAsZero() {
        assertThat(Spec.GEMINI.document().at("/components/schemas/GenerateContentResponse").toString())
                .doesNotContain("\"example");
        GeminiChatClient client = GeminiChatClient.create(transport, Clients.gemini(gemini).build());

        ChatResponse answer = client.chat(ChatRequest.of("gemini-2.5-flash", null, "Hello")).block(Clients.TIMEOUT);

        JsonNode sample = gemini.last().response();
        assertThat(sample.at("/usageMetadata/promptTokenCount").asLong()).isNegative();
        assertThat(answer.usage()).isEqualTo(TokenUsage.ZERO);
        assertThat(answer.text()).isEqualTo(sample.at("/candidates/0/content/parts/0/text").asString());
        assertThat(answer.model()).isEqualTo(sample.path("modelVersion").asString());
    }
}
