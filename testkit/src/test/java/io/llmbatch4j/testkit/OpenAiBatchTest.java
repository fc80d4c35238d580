package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class OpenAiBatchTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    private static final String AUTH = "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY;

    private static String line(String id, String body) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":" + body + "}";
    }

    private static String chatBody(String text) {
        return "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],"
                + "\"max_completion_tokens\":50}";
    }

    private String upload(String jsonl) {
        String boundary = "----testkit" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batchinput.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> r = TestHttp.sendRaw(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/files"))
                .header("authorization", AUTH).header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode file = json(r);
        assertThat(file.get("object").asString()).isEqualTo("file");
        assertThat(file.get("purpose").asString()).isEqualTo("batch");
        return file.get("id").asString();
    }

    private JsonNode create(String fileId) {
        HttpResponse<String> r = post(fake.baseUrl() + "/v1/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"run\":\"t\"}}",
                "authorization", AUTH);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private JsonNode poll(String batchId) {
        return json(TestHttp.get(fake.baseUrl() + "/v1/batches/" + batchId, "authorization", AUTH));
    }

    private List<JsonNode> download(String fileId) {
        HttpResponse<String> r = TestHttp.get(fake.baseUrl() + "/v1/files/" + fileId + "/content", "authorization", AUTH);
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.body().split("\n")) {
            if (!l.isBlank()) {
                out.add(TestHttp.JSON.readTree(l));
            }
        }
        return out;
    }

    @Test
    void batchRunsValidatingInProgressFinalizingCompletedWithOutputAndErrorFiles() {
        StringBuilder jsonl = new StringBuilder();
        for (int k = 0; k < 6; k++) {
            jsonl.append(line("item-" + k, chatBody("review " + k))).append('\n');
        }
        jsonl.append(line("item-bad", "{\"model\":\"gpt-4.1-mini\",\"temperature\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}")).append('\n');
        JsonNode batch = create(upload(jsonl.toString()));
        assertThat(batch.get("id").asString()).startsWith("batch_");
        assertThat(batch.get("status").asString()).isEqualTo("validating");
        assertThat(batch.get("metadata").get("run").asString()).isEqualTo("t");

        String id = batch.get("id").asString();
        assertThat(poll(id).get("status").asString()).isEqualTo("in_progress");
        assertThat(poll(id).get("status").asString()).isEqualTo("finalizing");
        JsonNode done = poll(id);
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("completed_at").isIntegralNumber()).isTrue();
        assertThat(done.get("request_counts").get("total").asInt()).isEqualTo(7);
        assertThat(done.get("request_counts").get("completed").asInt()).isEqualTo(6);
        assertThat(done.get("request_counts").get("failed").asInt()).isEqualTo(1);
        assertThat(done.get("model").asString()).isEqualTo("gpt-4.1-mini");

        List<JsonNode> outputs = download(done.get("output_file_id").asString());
        Map<String, JsonNode> byId = new HashMap<>();
        outputs.forEach(o -> byId.put(o.get("custom_id").asString(), o));
        assertThat(byId.keySet()).containsExactlyInAnyOrder("item-0", "item-1", "item-2", "item-3", "item-4", "item-5");
        JsonNode first = byId.get("item-0");
        assertThat(first.get("id").asString()).startsWith("batch_req_");
        assertThat(first.get("error").isNull()).isTrue();
        assertThat(first.get("response").get("status_code").asInt()).isEqualTo(200);
        assertThat(first.get("response").get("body").get("object").asString()).isEqualTo("chat.completion");

        List<JsonNode> errors = download(done.get("error_file_id").asString());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("custom_id").asString()).isEqualTo("item-bad");
        assertThat(errors.get(0).get("response").get("status_code").asInt()).isEqualTo(400);
        assertThat(errors.get(0).get("response").get("body").get("error").get("code").asString())
                .isEqualTo("decimal_above_max_value");
    }

    @Test
    void badLinesFailTheBatchWithLineErrors() {
        String jsonl = line("a", chatBody("x")) + "\nthis is not json\n" + line("a", chatBody("y")) + "\n";
        String id = create(upload(jsonl)).get("id").asString();

        JsonNode failed = poll(id);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        JsonNode errors = failed.get("errors").get("data");
        assertThat(errors.get(0).get("code").asString()).isEqualTo("invalid_json_line");
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(errors.get(1).get("code").asString()).isEqualTo("duplicate_custom_id");
    }

    @Test
    void cancelMovesThroughCancellingToCancelled() {
        String id = create(upload(line("a", chatBody("x")) + "\n" + line("b", chatBody("y")) + "\n")).get("id").asString();
        poll(id); // in_progress

        HttpResponse<String> cancel = post(fake.baseUrl() + "/v1/batches/" + id + "/cancel", "", "authorization", AUTH);
        assertThat(json(cancel).get("status").asString()).isEqualTo("cancelling");
        JsonNode cancelled = poll(id);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("request_counts").get("completed").asInt()).isEqualTo(1);
        HttpResponse<String> again = post(fake.baseUrl() + "/v1/batches/" + id + "/cancel", "", "authorization", AUTH);
        assertThat(again.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownBatchOrFileIs404AndBatchesRequireTheKey() {
        assertThat(TestHttp.get(fake.baseUrl() + "/v1/batches/batch_nope", "authorization", AUTH).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(fake.baseUrl() + "/v1/files/file-nope/content", "authorization", AUTH).statusCode())
                .isEqualTo(404);
        assertThat(TestHttp.get(fake.baseUrl() + "/v1/batches").statusCode()).isEqualTo(401);
        JsonNode list = json(TestHttp.get(fake.baseUrl() + "/v1/batches?limit=1", "authorization", AUTH));
        assertThat(list.get("object").asString()).isEqualTo("list");
    }

    @Test
    void expiredShareEndsTheBatchExpiredWithBatchExpiredLinesAndFaultsBecomeServerErrorLines() {
        FakeServerConfig before = fake.server().config();
        fake.server().reconfigure(before.toBuilder().batchExpiredShare(0.5)
                .faults(FaultRates.builder().http500(1).build()).build());
        try {
            StringBuilder jsonl = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                jsonl.append(line("e-" + k, chatBody("expire " + k))).append('\n');
            }
            String id = create(upload(jsonl.toString())).get("id").asString();
            poll(id);
            JsonNode expired = poll(id);
            assertThat(expired.get("status").asString()).isEqualTo("expired");
            assertThat(expired.get("expired_at").isIntegralNumber()).isTrue();
            assertThat(expired.get("output_file_id").isNull()).isTrue();
            List<JsonNode> errors = download(expired.get("error_file_id").asString());
            assertThat(errors).hasSize(4);
            long expiredLines = errors.stream().filter(e -> e.get("response").isNull()
                    && e.get("error").get("code").asString().equals("batch_expired")).count();
            assertThat(expiredLines).isEqualTo(2);
            assertThat(errors.stream().filter(e -> !e.get("response").isNull())
                    .allMatch(e -> e.get("response").get("status_code").asInt() == 500)).isTrue();
        } finally {
            fake.server().reconfigure(before);
        }
    }
}
