package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.chat;
import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.openAiCall;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class OpenAiChatCompletionsTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create(FakeServerConfig.defaults());

    private String url() {
        return fake.baseUrl() + "/v1/chat/completions";
    }

    @Test
    void rejectsMissingOrWrongKeyWithOpenAiErrorBody() {
        HttpResponse<String> missing = post(url(), chat("gpt-4.1-mini", "hi"));
        HttpResponse<String> wrong = post(url(), chat("gpt-4.1-mini", "hi"), "Authorization", "Bearer sk-wrong-key-1234");

        for (HttpResponse<String> r : new HttpResponse[] {missing, wrong}) {
            assertThat(r.statusCode()).isEqualTo(401);
            JsonNode err = json(r).get("error");
            assertThat(err.propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
            assertThat(err.get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(err.get("code").asString()).isEqualTo("invalid_api_key");
            assertThat(err.get("param").isNull()).isTrue();
        }
        assertThat(json(wrong).get("error").get("message").asString()).startsWith("Incorrect API key provided: sk-...1234")
                .doesNotContain("sk-wrong-key-1234");
    }

    @Test
    void answersWithChatCompletionUsageAndRateLimitHeaders() {
        HttpResponse<String> r = openAiCall(fake.server(), chat("gpt-4.1-mini", "I love this product."));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("id").asString()).startsWith("chatcmpl-");
        assertThat(body.get("object").asString()).isEqualTo("chat.completion");
        assertThat(body.get("model").asString()).isEqualTo("gpt-4.1-mini");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asString()).isNotBlank();
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        String prompt = "user\nI love this product.\n";
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo((prompt.length() + 3) / 4);
        assertThat(usage.get("completion_tokens").asInt())
                .isEqualTo((choice.get("message").get("content").asString().length() + 3) / 4);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        assertThat(usage.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
        assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-reset-requests").orElseThrow()).matches("(\\d+(\\.\\d+)?(h|ms|m|s))+");
        assertThat(r.headers().firstValue("x-ratelimit-limit-tokens")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-remaining-tokens")).isPresent();
        assertThat(r.headers().firstValue("x-ratelimit-reset-tokens")).isPresent();
        assertThat(r.headers().firstValue("x-request-id").orElseThrow()).startsWith("req_");
    }

    @Test
    void answersWithSchemaConformingJsonWhenResponseFormatAsksForIt() {
        String schema = """
                {"type":"object","additionalProperties":false,
                 "required":["label","score","email","tags","address","note","code"],
                 "properties":{
                   "label":{"type":"string","enum":["pos","neg","neu"]},
                   "score":{"type":"integer","minimum":1,"maximum":5},
                   "email":{"type":"string","format":"email"},
                   "tags":{"type":"array","minItems":2,"maxItems":4,"items":{"type":"string","minLength":3,"maxLength":8}},
                   "address":{"type":"object","required":["city"],"properties":{"city":{"type":"string"}}},
                   "note":{"anyOf":[{"type":"string"},{"type":"null"}]},
                   "code":{"type":"string","pattern":"^[A-Z]{3}-\\\\d{4}$"}}}""";
        String body = "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"rate it\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"review\",\"strict\":true,"
                + "\"schema\":" + schema + "}}}";

        for (int k = 0; k < 20; k++) {
            HttpResponse<String> r = openAiCall(fake.server(), body.replace("rate it", "rate it " + k));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode answer = TestHttp.JSON.readTree(json(r).get("choices").get(0).get("message").get("content").asString());
            assertThat(answer.get("label").asString()).isIn("pos", "neg", "neu");
            assertThat(answer.get("score").asInt()).isBetween(1, 5);
            assertThat(answer.get("email").asString()).matches("[^@]+@[^@]+\\.[a-z]+");
            assertThat(answer.get("tags").size()).isBetween(2, 4);
            answer.get("tags").forEach(t -> assertThat(t.asString().length()).isBetween(3, 8));
            assertThat(answer.get("address").get("city").isString()).isTrue();
            assertThat(answer.get("note").isString()).isTrue();
            assertThat(answer.get("code").asString()).matches("[A-Z]{3}-\\d{4}");
        }
    }

    @Test
    void reasoningModelsRejectTemperatureAndMaxTokensWithOpenAiBodies() {
        JsonNode temp = json(openAiCall(fake.server(),
                "{\"model\":\"o3\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThat(temp.get("error").get("code").asString()).isEqualTo("unsupported_value");
        assertThat(temp.get("error").get("param").asString()).isEqualTo("temperature");
        assertThat(temp.get("error").get("message").asString()).isEqualTo(
                "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.");

        HttpResponse<String> o3mini = openAiCall(fake.server(),
                "{\"model\":\"o3-mini\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(o3mini.statusCode()).isEqualTo(400);
        assertThat(json(o3mini).get("error").get("code").asString()).isEqualTo("unsupported_parameter");

        JsonNode maxTokens = json(openAiCall(fake.server(),
                "{\"model\":\"o4-mini\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThat(maxTokens.get("error").get("param").asString()).isEqualTo("max_tokens");
        assertThat(maxTokens.get("error").get("message").asString()).endsWith("Use 'max_completion_tokens' instead.");

        JsonNode system = json(openAiCall(fake.server(), "{\"model\":\"o1-mini\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"x\"}]}"));
        assertThat(system.get("error").get("param").asString()).isEqualTo("messages[0].role");
        assertThat(system.get("error").get("code").asString()).isEqualTo("unsupported_value");

        HttpResponse<String> ok = openAiCall(fake.server(), "{\"model\":\"o3\",\"max_completion_tokens\":50,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> gpt4 = openAiCall(fake.server(), "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(gpt4.statusCode()).isEqualTo(200);
    }

    @Test
    void servesTheOpenAiPathsUnderTheGroqStyleOpenaiPrefixToo() {
        HttpResponse<String> r = post(fake.baseUrl() + "/openai/v1/chat/completions", chat("llama-3.1-8b-instant", "hi"),
                "authorization", "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fake.server().requests().get(0).path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(fake.server().requests().get(0).provider()).isEqualTo(Provider.OPENAI);
    }

    @Test
    void cutsTheAnswerAtMaxCompletionTokensWithFinishReasonLength() {
        JsonNode body = json(openAiCall(fake.server(), "{\"model\":\"gpt-4.1-mini\",\"max_completion_tokens\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me more\"}]}"));

        assertThat(body.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
        assertThat(body.get("choices").get(0).get("message").get("content").asString()).hasSize(8);
    }

    @Test
    void reportsCachedPrefixTokensInsidePromptTokensFor1024TokenPrompts() {
        String longPrefix = "The shared instructions. ".repeat(250); // 6,250 chars, about 1,562 tokens
        String first = "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"" + longPrefix
                + "\"},{\"role\":\"user\",\"content\":\"question one\"}]}";
        String second = first.replace("question one", "question two");

        JsonNode a = json(openAiCall(fake.server(), first)).get("usage");
        JsonNode b = json(openAiCall(fake.server(), second)).get("usage");

        assertThat(a.get("prompt_tokens_details").get("cached_tokens").asInt()).isZero();
        int cached = b.get("prompt_tokens_details").get("cached_tokens").asInt();
        assertThat(cached).isGreaterThanOrEqualTo(1024).isLessThanOrEqualTo(b.get("prompt_tokens").asInt());
        assertThat((cached - 1024) % 128).isZero();
        assertThat(b.get("prompt_tokens").asInt()).isEqualTo(a.get("prompt_tokens").asInt());
    }

    @Test
    void recordsEveryRequestWithHeadersBodyProviderAndModel() {
        openAiCall(fake.server(), chat("gpt-4.1-mini", "one"));
        openAiCall(fake.server(), chat("gpt-4o", "two"));

        assertThat(fake.server().requests()).hasSize(2);
        RecordedRequest first = fake.server().requests().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/v1/chat/completions");
        assertThat(first.provider()).isEqualTo(Provider.OPENAI);
        assertThat(first.model()).isEqualTo("gpt-4.1-mini");
        assertThat(first.header("AUTHORIZATION")).isEqualTo("Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY);
        assertThat(first.body()).contains("\"one\"");
        assertThat(first.toString()).doesNotContain(FakeServerConfig.DEFAULT_OPENAI_KEY);
        assertThat(fake.server().requests().get(1).model()).isEqualTo("gpt-4o");
        assertThat(Duration.between(first.receivedAt(), fake.server().requests().get(1).receivedAt()).isNegative()).isFalse();
    }
}
