package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.contract.ResponseSchemaCheck.Recorded;
import io.llmbatch4j.contract.ResponseSchemaCheck.Verdict;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The testkit's {@link FakeLlmServer} answers in the shapes the providers' specs publish, so the
 * fake cannot drift from the real APIs while our clients are only ever tested against it. Requests
 * go over plain HTTP (not through our clients); each response is validated against the schema the
 * spec gives for its operation and status. Error statuses the spec has no schema for are listed,
 * not silently passed: the test says which.
 */
class TestkitResponsesConformTest {

    private static final String LONG_TEXT = "A long shared document about kettles and their owners. ".repeat(120);
    private static FakeLlmServer fake;
    private static FakeCalls calls;

    @BeforeAll
    static void start() {
        PrismInstall.ensureInstalled();
        fake = FakeLlmServer.start();
        calls = new FakeCalls(fake);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void openAiAnswersMatchTheChatCompletionSchema() {
        String bearer = "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY;
        List<Recorded> recorded = new ArrayList<>();
        recorded.add(post("/v1/chat/completions", chat("gpt-4.1-mini", null), "authorization", bearer));
        ObjectNode structured = chat("gpt-4.1-mini", null);
        structured.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                .put("name", "ReviewLabel").put("strict", true).set("schema", RecordSchemas.reviewLabel(true).schema());
        recorded.add(post("/v1/chat/completions", structured, "authorization", bearer));
        recorded.add(post("/v1/chat/completions", chat("o3-mini", null), "authorization", bearer));

        List<Verdict> verdicts = ResponseSchemaCheck.run(Spec.OPENAI.original(), "openai", recorded);

        assertAllConform(verdicts, 3);
    }

    @Test
    void anthropicAnswersAndErrorsMatchTheMessageAndErrorSchemas() {
        String key = FakeServerConfig.DEFAULT_ANTHROPIC_KEY;
        ObjectNode cached = Jsons.MAPPER.createObjectNode().put("model", "claude-sonnet-4-5").put("max_tokens", 100);
        cached.putArray("system").addObject().put("type", "text").put("text", LONG_TEXT)
                .putObject("cache_control").put("type", "ephemeral");
        cached.putArray("messages").addObject().put("role", "user").put("content", "Summarise.");
        List<Recorded> recorded = List.of(
                post("/v1/messages", message(), "x-api-key", key, "anthropic-version", "2023-06-01"),
                post("/v1/messages", cached, "x-api-key", key, "anthropic-version", "2023-06-01"),
                post("/v1/messages", cached, "x-api-key", key, "anthropic-version", "2023-06-01"),
                post("/v1/messages", message(), "x-api-key", "wrong", "anthropic-version", "2023-06-01"),
                post("/v1/messages", message().without("max_tokens"), "x-api-key", key,
                        "anthropic-version", "2023-06-01"));

        List<Verdict> verdicts = ResponseSchemaCheck.run(Spec.ANTHROPIC.original(), "anthropic", recorded);

        assertThat(recorded.get(2).body().at("/usage/cache_read_input_tokens").asLong()).as("cache hit").isPositive();
        assertThat(recorded).extracting(Recorded::status).containsExactly(200, 200, 200, 401, 400);
        assertAllConform(verdicts, 5);
    }

    @Test
    void geminiAnswersAndCachesMatchTheirSchemas() {
        String key = FakeServerConfig.DEFAULT_GEMINI_KEY;
        ObjectNode generate = contents(Jsons.MAPPER.createObjectNode(), "Label: great kettle.");
        ObjectNode structured = contents(Jsons.MAPPER.createObjectNode(), "Label: great kettle.");
        structured.putObject("generationConfig").put("responseMimeType", "application/json")
                .set("responseJsonSchema", RecordSchemas.reviewLabel(true).schema());
        ObjectNode cache = contents(Jsons.MAPPER.createObjectNode().put("model", "models/gemini-2.5-flash")
                .put("ttl", "300s"), LONG_TEXT);
        List<Recorded> recorded = new ArrayList<>();
        recorded.add(post("/v1beta/models/gemini-2.5-flash:generateContent", generate, "x-goog-api-key", key));
        recorded.add(post("/v1beta/models/gemini-2.5-flash:generateContent", structured, "x-goog-api-key", key));
        Recorded created = post("/v1beta/cachedContents", cache, "x-goog-api-key", key);
        recorded.add(created);
        String name = created.body().path("name").asString();
        recorded.add(send("GET", "/v1beta/" + name, null, "x-goog-api-key", key));
        ObjectNode fromCache = contents(Jsons.MAPPER.createObjectNode().put("cachedContent", name), "Summarise.");
        recorded.add(post("/v1beta/models/gemini-2.5-flash:generateContent", fromCache, "x-goog-api-key", key));
        recorded.add(send("DELETE", "/v1beta/" + name, null, "x-goog-api-key", key));

        List<Verdict> verdicts = ResponseSchemaCheck.run(Spec.GEMINI.original(), "gemini", recorded);

        assertThat(recorded).extracting(Recorded::status).containsOnly(200);
        assertThat(recorded.get(4).body().at("/usageMetadata/cachedContentTokenCount").asLong()).isPositive();
        assertAllConform(verdicts, 6);
    }

    /** Every response matched an operation, had a schema for its status, and fits it. */
    private static void assertAllConform(List<Verdict> verdicts, int expected) {
        assertThat(verdicts).hasSize(expected);
        for (Verdict v : verdicts) {
            assertThat(v.operation()).as("operation of %s", v).isNotNull();
            assertThat(v.schemaFor()).as("the spec has a response schema for %s", v).isNotNull();
            assertThat(v.errors()).as("schema violations of %s", v).isEmpty();
        }
    }

    private static ObjectNode chat(String model, String system) {
        ObjectNode body = Jsons.MAPPER.createObjectNode().put("model", model);
        var messages = body.putArray("messages");
        if (system != null) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", "Label: great kettle.");
        return body;
    }

    private static ObjectNode message() {
        ObjectNode body = Jsons.MAPPER.createObjectNode().put("model", "claude-sonnet-4-5").put("max_tokens", 100)
                .put("system", "You label reviews.");
        body.putArray("messages").addObject().put("role", "user").put("content", "Label: great kettle.");
        return body;
    }

    private static ObjectNode contents(ObjectNode body, String text) {
        body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", text);
        return body;
    }

    private static Recorded post(String path, JsonNode body, String... headers) {
        return calls.post(path, body, headers);
    }

    private static Recorded send(String method, String path, JsonNode body, String... headers) {
        return calls.send(method, path, body, headers);
    }
}
