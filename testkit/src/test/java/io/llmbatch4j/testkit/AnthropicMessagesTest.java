package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class AnthropicMessagesTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    private HttpResponse<String> call(String body) {
        return post(fake.baseUrl() + "/v1/messages", body, "x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY,
                "anthropic-version", "2023-06-01");
    }

    private static String simple(String model, String text) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}]}";
    }

    @Test
    void rejectsMissingOrWrongKeyWithAnthropicAuthenticationError() {
        HttpResponse<String> missing = post(fake.baseUrl() + "/v1/messages", simple("claude-sonnet-4-5", "hi"),
                "anthropic-version", "2023-06-01");
        HttpResponse<String> wrong = post(fake.baseUrl() + "/v1/messages", simple("claude-sonnet-4-5", "hi"),
                "x-api-key", "nope", "anthropic-version", "2023-06-01");

        for (HttpResponse<String> r : java.util.List.of(missing, wrong)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).get("type").asString()).isEqualTo("error");
            assertThat(json(r).get("error").get("type").asString()).isEqualTo("authentication_error");
        }
    }

    @Test
    void requiresAnthropicVersionAndMaxTokens() {
        HttpResponse<String> noVersion = post(fake.baseUrl() + "/v1/messages", simple("claude-sonnet-4-5", "hi"),
                "x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(json(noVersion).get("error").get("message").asString()).contains("anthropic-version");

        HttpResponse<String> noMax = call("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(noMax.statusCode()).isEqualTo(400);
        assertThat(json(noMax).get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(json(noMax).get("error").get("message").asString()).isEqualTo("max_tokens: Field required");

        HttpResponse<String> systemRole = call("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":"
                + "[{\"role\":\"system\",\"content\":\"x\"},{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(systemRole.statusCode()).isEqualTo(400);

        HttpResponse<String> both = call("{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":10,\"temperature\":0.2,"
                + "\"top_p\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json(both).get("error").get("message").asString()).contains("cannot both be specified");
    }

    @Test
    void answersWithMessageUsageAndRfc3339RateLimitHeaders() {
        HttpResponse<String> r = call("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"system\":\"You label.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"I love it\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("id").asString()).startsWith("msg_");
        assertThat(body.get("type").asString()).isEqualTo("message");
        assertThat(body.get("role").asString()).isEqualTo("assistant");
        assertThat(body.get("content").get(0).get("type").asString()).isEqualTo("text");
        assertThat(body.get("stop_reason").asString()).isEqualTo("end_turn");
        String prompt = "system\nYou label.\nuser\nI love it\n";
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo((prompt.length() + 3) / 4);
        assertThat(body.get("usage").get("cache_read_input_tokens").asInt()).isZero();
        assertThat(body.get("usage").get("output_tokens").asInt()).isPositive();
        Instant reset = Instant.parse(r.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
        assertThat(reset).isAfter(Instant.now().minusSeconds(5));
        assertThat(r.headers().firstValue("anthropic-ratelimit-tokens-remaining")).isPresent();
        assertThat(r.headers().firstValue("request-id").orElseThrow()).startsWith("req_");
    }

    @Test
    void reportsAnthropicCacheReadsOutsideInputTokens() {
        String longText = "Long shared instructions for labelling. ".repeat(120); // 4,800 chars, about 1,200 tokens
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"system\":[{\"type\":\"text\",\"text\":\""
                + longText + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\","
                + "\"content\":\"QUESTION\"}]}";

        JsonNode first = json(call(body.replace("QUESTION", "first question"))).get("usage");
        JsonNode second = json(call(body.replace("QUESTION", "other question"))).get("usage");

        int cachedPrefix = ("system\n" + longText + "\n").length();
        int prefixTokens = (cachedPrefix + 3) / 4;
        int total = (cachedPrefix + "user\nfirst question\n".length() + 3) / 4;
        assertThat(first.get("cache_creation_input_tokens").asInt()).isEqualTo(prefixTokens);
        assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
        assertThat(first.get("input_tokens").asInt()).isEqualTo(total - prefixTokens);
        assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(prefixTokens);
        assertThat(second.get("input_tokens").asInt()).isEqualTo(total - prefixTokens);
    }

    @Test
    void doesNotCachePrefixesBelowTheModelMinimum() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"system\":[{\"type\":\"text\",\"text\":\"short\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}";
        call(body);
        JsonNode usage = json(call(body)).get("usage");
        assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
    }

    @Test
    void answersWithSchemaConformingJsonForOutputConfigFormat() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"x\"}],\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"label\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]}},\"required\":[\"label\"],"
                + "\"additionalProperties\":false}}}}";
        String text = json(call(body)).get("content").get(0).get("text").asString();
        assertThat(TestHttp.JSON.readTree(text).get("label").asString()).isIn("a", "b");
    }

    @Test
    void overloadedFaultIs529OverloadedError() {
        fake.server().reconfigure(fake.server().config().toBuilder()
                .faults(FaultRates.builder().overloaded(1).build()).build());
        try {
            HttpResponse<String> r = call(simple("claude-haiku-4-5", "x"));
            assertThat(r.statusCode()).isEqualTo(529);
            assertThat(json(r).get("error").get("type").asString()).isEqualTo("overloaded_error");
        } finally {
            fake.server().reconfigure(fake.server().config().toBuilder().faults(FaultRates.none()).build());
        }
    }
}
