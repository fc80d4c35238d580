package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class AnthropicBatchTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    private static final String[] H = {"x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY, "anthropic-version", "2023-06-01"};

    private static String request(String id, String params) {
        return "{\"custom_id\":\"" + id + "\",\"params\":" + params + "}";
    }

    private static String params(String text) {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}]}";
    }

    private JsonNode create(String... requests) {
        HttpResponse<String> r = post(fake.baseUrl() + "/v1/messages/batches",
                "{\"requests\":[" + String.join(",", requests) + "]}", H);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private JsonNode retrieve(String id) {
        return json(TestHttp.get(fake.baseUrl() + "/v1/messages/batches/" + id, H));
    }

    private Map<String, JsonNode> results(JsonNode batch) {
        HttpResponse<String> r = TestHttp.get(batch.get("results_url").asString(), H);
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, JsonNode> out = new HashMap<>();
        for (String l : r.body().split("\n")) {
            if (!l.isBlank()) {
                JsonNode n = TestHttp.JSON.readTree(l);
                out.put(n.get("custom_id").asString(), n.get("result"));
            }
        }
        return out;
    }

    @Test
    void batchEndsWithSucceededAndErroredResultsAndCountsOnlyWhenEnded() {
        JsonNode batch = create(request("a", params("one")), request("b", params("two")),
                request("bad", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
        String id = batch.get("id").asString();
        assertThat(id).startsWith("msgbatch_");
        assertThat(batch.get("type").asString()).isEqualTo("message_batch");
        assertThat(batch.get("processing_status").asString()).isEqualTo("in_progress");
        assertThat(batch.get("request_counts").get("processing").asInt()).isEqualTo(3);
        assertThat(Instant.parse(batch.get("expires_at").asString()))
                .isEqualTo(Instant.parse(batch.get("created_at").asString()).plusSeconds(86_400));

        JsonNode first = retrieve(id);
        assertThat(first.get("processing_status").asString()).isEqualTo("in_progress");
        assertThat(first.get("request_counts").get("succeeded").asInt()).isZero();
        assertThat(first.get("results_url").isNull()).isTrue();

        JsonNode ended = retrieve(id);
        assertThat(ended.get("processing_status").asString()).isEqualTo("ended");
        assertThat(ended.get("ended_at").isString()).isTrue();
        assertThat(ended.get("request_counts").get("succeeded").asInt()).isEqualTo(2);
        assertThat(ended.get("request_counts").get("errored").asInt()).isEqualTo(1);
        assertThat(ended.get("request_counts").get("processing").asInt()).isZero();

        Map<String, JsonNode> results = results(ended);
        assertThat(results.get("a").get("type").asString()).isEqualTo("succeeded");
        assertThat(results.get("a").get("message").get("type").asString()).isEqualTo("message");
        assertThat(results.get("a").get("message").get("usage").get("service_tier").asString()).isEqualTo("batch");
        JsonNode err = results.get("bad");
        assertThat(err.get("type").asString()).isEqualTo("errored");
        assertThat(err.get("error").get("type").asString()).isEqualTo("error");
        assertThat(err.get("error").get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(err.get("error").get("error").get("message").asString()).isEqualTo("max_tokens: Field required");

        HttpResponse<String> deleted = TestHttp.delete(fake.baseUrl() + "/v1/messages/batches/" + id, H);
        assertThat(json(deleted).get("type").asString()).isEqualTo("message_batch_deleted");
        assertThat(TestHttp.get(fake.baseUrl() + "/v1/messages/batches/" + id, H).statusCode()).isEqualTo(404);
    }

    @Test
    void cancelEndsTheBatchWithCanceledResults() {
        String id = create(request("a", params("one")), request("b", params("two"))).get("id").asString();
        HttpResponse<String> cancel = post(fake.baseUrl() + "/v1/messages/batches/" + id + "/cancel", "", H);
        assertThat(json(cancel).get("processing_status").asString()).isEqualTo("canceling");
        assertThat(json(cancel).get("cancel_initiated_at").isString()).isTrue();

        JsonNode ended = retrieve(id);
        assertThat(ended.get("processing_status").asString()).isEqualTo("ended");
        assertThat(ended.get("request_counts").get("canceled").asInt()).isEqualTo(1);
        assertThat(results(ended).get("b").get("type").asString()).isEqualTo("canceled");
    }

    @Test
    void envelopeErrorsAreRejectedAtCreate() {
        assertThat(post(fake.baseUrl() + "/v1/messages/batches", "{\"requests\":[]}", H).statusCode()).isEqualTo(400);
        HttpResponse<String> badId = post(fake.baseUrl() + "/v1/messages/batches",
                "{\"requests\":[" + request("has space", params("x")) + "]}", H);
        assertThat(badId.statusCode()).isEqualTo(400);
        HttpResponse<String> dup = post(fake.baseUrl() + "/v1/messages/batches",
                "{\"requests\":[" + request("a", params("x")) + "," + request("a", params("y")) + "]}", H);
        assertThat(json(dup).get("error").get("message").asString()).contains("Duplicate custom_id");
        create(request("y", params("x")));
        String id = create(request("z", params("x"))).get("id").asString();
        assertThat(TestHttp.get(fake.baseUrl() + "/v1/messages/batches/" + id + "/results", H).statusCode()).isEqualTo(400);
        JsonNode list = json(TestHttp.get(fake.baseUrl() + "/v1/messages/batches?limit=1", H));
        assertThat(list.get("data").get(0).get("id").asString()).isEqualTo(id);
        assertThat(list.get("has_more").asBoolean()).isTrue();
    }

    @Test
    void expiredShareAndOverloadedFaultsShowAsExpiredAndErroredResults() {
        FakeServerConfig before = fake.server().config();
        fake.server().reconfigure(before.toBuilder().batchExpiredShare(0.5)
                .faults(FaultRates.builder().overloaded(1).build()).build());
        try {
            String id = create(request("a", params("one")), request("b", params("two"))).get("id").asString();
            retrieve(id);
            JsonNode ended = retrieve(id);
            assertThat(ended.get("request_counts").get("expired").asInt()).isEqualTo(1);
            assertThat(ended.get("request_counts").get("errored").asInt()).isEqualTo(1);
            Map<String, JsonNode> results = results(ended);
            assertThat(results.get("b").get("type").asString()).isEqualTo("expired");
            assertThat(results.get("a").get("error").get("error").get("type").asString()).isEqualTo("overloaded_error");
        } finally {
            fake.server().reconfigure(before);
        }
    }
}
