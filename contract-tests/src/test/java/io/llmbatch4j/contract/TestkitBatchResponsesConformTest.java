package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.contract.ResponseSchemaCheck.Recorded;
import io.llmbatch4j.contract.ResponseSchemaCheck.Verdict;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The testkit's batch endpoints answer in the specs' shapes through a whole life cycle: OpenAI files
 * and batches (every status polled, the output lines' bodies as chat completions) and Anthropic
 * message batches (every status, each results line). Gemini's document (revision 20241016) has no
 * batch API, so the testkit's Gemini batches cannot be checked here.
 */
class TestkitBatchResponsesConformTest {

    private static final String[] OPENAI = {"authorization", "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY};
    private static final String[] ANTHROPIC = {"x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY,
            "anthropic-version", "2023-06-01"};
    private static final int MAX_POLLS = 10;

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
    void openAiFilesBatchesAndOutputLinesMatchTheirSchemas() {
        List<Recorded> recorded = new ArrayList<>();
        Recorded file = calls.uploadBatchFile(String.join("\n", openAiLine("a", "gpt-4.1-mini"),
                openAiLine("b", "gpt-4.1-mini")), OPENAI);
        recorded.add(file);
        ObjectNode create = Jsons.MAPPER.createObjectNode().put("input_file_id", file.body().path("id").asString())
                .put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
        Recorded batch = calls.post("/v1/batches", create, OPENAI);
        recorded.add(batch);
        String id = batch.body().path("id").asString();
        Recorded done = poll(recorded, "/v1/batches/" + id, OPENAI, b -> b.path("status").asString().equals("completed"));
        for (JsonNode line : lines(calls.text("/v1/files/" + done.body().path("output_file_id").asString()
                + "/content", OPENAI))) {
            recorded.add(component("#/components/schemas/CreateChatCompletionResponse", line.at("/response/body")));
        }
        Recorded second = calls.post("/v1/batches", create, OPENAI);
        recorded.add(calls.post("/v1/batches/" + second.body().path("id").asString() + "/cancel",
                Jsons.MAPPER.createObjectNode(), OPENAI));
        recorded.add(calls.get("/v1/batches/" + second.body().path("id").asString(), OPENAI));

        List<Verdict> verdicts = ResponseSchemaCheck.run(Spec.OPENAI.original(), "openai-batch", recorded);

        assertThat(recorded).filteredOn(r -> r.schema() != null).hasSize(2);
        assertAllConform(verdicts);
    }

    @Test
    void anthropicMessageBatchesAndResultLinesMatchTheirSchemas() {
        List<Recorded> recorded = new ArrayList<>();
        ObjectNode create = Jsons.MAPPER.createObjectNode();
        var requests = create.putArray("requests");
        requests.addObject().put("custom_id", "a").set("params", anthropicParams(64));
        requests.addObject().put("custom_id", "b").set("params", anthropicParams(32));
        requests.addObject().put("custom_id", "bad").set("params", anthropicParams(64).without("max_tokens"));
        Recorded batch = calls.post("/v1/messages/batches", create, ANTHROPIC);
        recorded.add(batch);
        String id = batch.body().path("id").asString();
        Recorded ended = poll(recorded, "/v1/messages/batches/" + id, ANTHROPIC,
                b -> b.path("processing_status").asString().equals("ended"));
        for (JsonNode line : lines(calls.text(ended.body().path("results_url").asString(), ANTHROPIC))) {
            recorded.add(component("#/components/schemas/BetaMessageBatchIndividualResponse", line));
        }
        Recorded second = calls.post("/v1/messages/batches", create, ANTHROPIC);
        recorded.add(calls.post("/v1/messages/batches/" + second.body().path("id").asString() + "/cancel",
                Jsons.MAPPER.createObjectNode(), ANTHROPIC));

        List<Verdict> verdicts = ResponseSchemaCheck.run(Spec.ANTHROPIC.original(), "anthropic-batch", recorded);

        assertThat(recorded).filteredOn(r -> r.schema() != null).hasSize(3);
        assertAllConform(verdicts);
    }

    private static Recorded poll(List<Recorded> recorded, String path, String[] headers, Predicate<JsonNode> done) {
        for (int i = 0; i < MAX_POLLS; i++) {
            Recorded r = calls.get(path, headers);
            recorded.add(r);
            if (done.test(r.body())) {
                return r;
            }
        }
        throw new AssertionError(path + " did not finish in " + MAX_POLLS + " polls: " + recorded);
    }

    private static Recorded component(String schema, JsonNode body) {
        return new Recorded(null, null, 0, body, schema);
    }

    private static List<JsonNode> lines(String jsonl) {
        return jsonl.lines().filter(l -> !l.isBlank()).map(Jsons::parse).toList();
    }

    private static String openAiLine(String id, String model) {
        ObjectNode line = Jsons.MAPPER.createObjectNode().put("custom_id", id).put("method", "POST")
                .put("url", "/v1/chat/completions");
        ObjectNode body = line.putObject("body").put("model", model).put("max_completion_tokens", 50);
        body.putArray("messages").addObject().put("role", "user").put("content", "Label: great kettle.");
        return line.toString();
    }

    private static ObjectNode anthropicParams(int maxTokens) {
        ObjectNode params = Jsons.MAPPER.createObjectNode().put("model", "claude-sonnet-4-5")
                .put("max_tokens", maxTokens);
        params.putArray("messages").addObject().put("role", "user").put("content", "Label: great kettle.");
        return params;
    }

    private static void assertAllConform(List<Verdict> verdicts) {
        for (Verdict v : verdicts) {
            assertThat(v.recorded().status() == 0 || v.recorded().status() == 200).as("status of %s", v).isTrue();
            assertThat(v.operation()).as("operation of %s", v).isNotNull();
            assertThat(v.schemaFor()).as("the spec has a response schema for %s", v).isNotNull();
            assertThat(NullInPractice.remaining(v)).as("schema violations of %s (null optional Batch fields "
                    + "forgiven: %s)", v, NullInPractice.WHY).isEmpty();
        }
    }
}
