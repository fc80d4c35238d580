package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.chat;
import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.openAiCall;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class ModelBehaviorTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\","
            + "\"enum\":[\"pos\",\"neg\"]},\"score\":{\"type\":\"integer\"}},\"required\":[\"label\",\"score\"],"
            + "\"additionalProperties\":false}";

    private static String schemaRequest(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":" + SCHEMA + "}}}";
    }

    private enum Quality { VALID, INVALID_JSON, SCHEMA_VIOLATION }

    private static Quality quality(String content) {
        JsonNode v;
        try {
            v = TestHttp.JSON.readTree(content);
        } catch (JacksonException e) {
            return Quality.INVALID_JSON;
        }
        boolean ok = v.isObject() && v.has("label") && v.get("label").isString()
                && (v.get("label").asString().equals("pos") || v.get("label").asString().equals("neg"))
                && v.has("score") && v.get("score").isIntegralNumber();
        return ok ? Quality.VALID : Quality.SCHEMA_VIOLATION;
    }

    private static String content(java.net.http.HttpResponse<String> r) {
        return json(r).get("choices").get(0).get("message").get("content").asString();
    }

    @Test
    void spoilsTheConfiguredShareOfJsonAnswersPerModel() {
        FakeServerConfig config = FakeServerConfig.builder()
                .modelBehavior("cheap-model", ModelBehavior.invalidJson(0.3).schemaViolations(0.2)).build();
        int[] counts = new int[3];
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            for (int k = 0; k < 300; k++) {
                counts[quality(content(openAiCall(server, schemaRequest("cheap-model", "item " + k)))).ordinal()]++;
                assertThat(quality(content(openAiCall(server, schemaRequest("good-model", "item " + k)))))
                        .isEqualTo(Quality.VALID);
            }
            String text = content(openAiCall(server, chat("cheap-model", "plain text is never spoiled")));
            assertThat(text).startsWith("Fake answer:");
        }
        assertThat(counts[Quality.INVALID_JSON.ordinal()]).isBetween(60, 120);
        assertThat(counts[Quality.SCHEMA_VIOLATION.ordinal()]).isBetween(35, 85);
    }

    @Test
    void aRetryOfTheSameBodyCanGetAGoodAnswer() {
        FakeServerConfig config = FakeServerConfig.builder().modelBehavior("cheap-model", ModelBehavior.invalidJson(0.5))
                .build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            for (int item = 0; item < 10; item++) {
                String body = schemaRequest("cheap-model", "item " + item);
                int attempts = 1;
                while (quality(content(openAiCall(server, body))) != Quality.VALID && attempts < 30) {
                    attempts++;
                }
                assertThat(attempts).isLessThan(30);
            }
        }
    }
}
