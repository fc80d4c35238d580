package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.chat;
import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.openAiCall;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class ContextWindowTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create(FakeServerConfig.builder()
            .modelBehavior("small-gpt", ModelBehavior.withContextWindow(100))
            .modelBehavior("small-claude", ModelBehavior.withContextWindow(100))
            .modelBehavior("small-gemini", ModelBehavior.withContextWindow(100)).build());

    private static final String LONG = "word ".repeat(200);

    @Test
    void openAiAnswersContextLengthExceeded() {
        HttpResponse<String> r = openAiCall(fake.server(), chat("small-gpt", LONG));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r).get("error");
        assertThat(err.get("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(err.get("param").asString()).isEqualTo("messages");
        assertThat(err.get("message").asString()).startsWith("This model's maximum context length is 100 tokens.");
        assertThat(openAiCall(fake.server(), chat("small-gpt", "short")).statusCode()).isEqualTo(200);
    }

    @Test
    void anthropicAnswersPromptTooLongAndInputPlusMaxTokensTooLarge() {
        String[] h = {"x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY, "anthropic-version", "2023-06-01"};
        HttpResponse<String> tooLong = post(fake.baseUrl() + "/v1/messages", "{\"model\":\"small-claude\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + LONG + "\"}]}", h);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).get("error").get("message").asString()).matches("prompt is too long: \\d+ tokens > 100 maximum");

        HttpResponse<String> withMax = post(fake.baseUrl() + "/v1/messages", "{\"model\":\"small-claude\",\"max_tokens\":99,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}", h);
        assertThat(json(withMax).get("error").get("message").asString()).startsWith("input length and `max_tokens` exceed context limit");
    }

    @Test
    void geminiAnswersInputTokenCountExceeded() {
        HttpResponse<String> r = post(fake.baseUrl() + "/v1beta/models/small-gemini:generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"" + LONG + "\"}]}]}", "x-goog-api-key",
                FakeServerConfig.DEFAULT_GEMINI_KEY);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").get("message").asString())
                .matches("The input token count \\(\\d+\\) exceeds the maximum number of tokens allowed \\(100\\)\\.");
    }

    @Test
    void openAiRejectsTemperatureOutsideZeroToTwo() {
        HttpResponse<String> r = openAiCall(fake.server(),
                "{\"model\":\"gpt-4o\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").get("code").asString()).isEqualTo("decimal_above_max_value");
    }
}
