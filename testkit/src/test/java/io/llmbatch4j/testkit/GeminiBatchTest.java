package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class GeminiBatchTest {

    @RegisterExtension
    static FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    private static final String KEY = FakeServerConfig.DEFAULT_GEMINI_KEY;

    private JsonNode poll(String name) {
        return json(TestHttp.get(fake.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY));
    }

    @Test
    void inlineBatchRunsPendingRunningSucceededWithResponsesInInputOrder() {
        String body = "{\"batch\":{\"displayName\":\"job-42\",\"inputConfig\":{\"requests\":{\"requests\":["
                + "{\"request\":{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"I love it\"}]}]},\"metadata\":{\"key\":\"item-1\"}},"
                + "{\"request\":{\"contents\":[{\"role\":\"robot\",\"parts\":[{\"text\":\"x\"}]}]},\"metadata\":{\"key\":\"item-2\"}}"
                + "]}}}}";
        HttpResponse<String> created = post(fake.baseUrl() + "/v1beta/models/gemini-2.5-flash:batchGenerateContent", body,
                "x-goog-api-key", KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode op = json(created);
        String name = op.get("name").asString();
        assertThat(name).startsWith("batches/");
        assertThat(op.get("metadata").get("state").asString()).isEqualTo("BATCH_STATE_PENDING");
        assertThat(op.get("metadata").get("batchStats").get("requestCount").asString()).isEqualTo("2");
        assertThat(op.get("metadata").get("model").asString()).isEqualTo("models/gemini-2.5-flash");

        assertThat(poll(name).get("metadata").get("state").asString()).isEqualTo("BATCH_STATE_RUNNING");
        JsonNode done = poll(name);
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("metadata").get("state").asString()).isEqualTo("BATCH_STATE_SUCCEEDED");
        assertThat(done.get("metadata").get("batchStats").get("failedRequestCount").asString()).isEqualTo("1");
        JsonNode responses = done.get("response").get("inlinedResponses").get("inlinedResponses");
        assertThat(responses.get(0).get("metadata").get("key").asString()).isEqualTo("item-1");
        assertThat(responses.get(0).get("response").get("candidates").get(0).get("content").get("role").asString())
                .isEqualTo("model");
        assertThat(responses.get(1).get("error").get("status").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(done.get("metadata").get("output").get("inlinedResponses")).isNotNull();
    }

    @Test
    void fileBatchUsesResumableUploadAndADownloadableResponsesFile() {
        String jsonl = "{\"key\":\"a\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\"one\"}]}]}}\n"
                + "{\"key\":\"b\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\"two\"}]}]}}\n";
        HttpResponse<String> start = post(fake.baseUrl() + "/upload/v1beta/files", "{\"file\":{\"displayName\":\"in\"}}",
                "x-goog-api-key", KEY, "X-Goog-Upload-Protocol", "resumable", "X-Goog-Upload-Command", "start",
                "X-Goog-Upload-Header-Content-Length", String.valueOf(jsonl.length()),
                "X-Goog-Upload-Header-Content-Type", "jsonl");
        String uploadUrl = start.headers().firstValue("x-goog-upload-url").orElseThrow();
        HttpResponse<String> finished = TestHttp.sendRaw(HttpRequest.newBuilder(URI.create(uploadUrl))
                .header("x-goog-api-key", KEY).header("X-Goog-Upload-Command", "upload, finalize")
                .header("X-Goog-Upload-Offset", "0").POST(HttpRequest.BodyPublishers.ofString(jsonl)));
        assertThat(finished.headers().firstValue("x-goog-upload-status")).hasValue("final");
        String fileName = json(finished).get("file").get("name").asString();
        assertThat(fileName).startsWith("files/");

        String name = json(post(fake.baseUrl() + "/v1beta/models/gemini-2.5-flash:batchGenerateContent",
                "{\"batch\":{\"inputConfig\":{\"fileName\":\"" + fileName + "\"}}}", "x-goog-api-key", KEY))
                .get("name").asString();
        poll(name);
        JsonNode done = poll(name);
        String out = done.get("response").get("responsesFile").asString();
        HttpResponse<String> download = TestHttp.get(fake.baseUrl() + "/download/v1beta/" + out + ":download?alt=media",
                "x-goog-api-key", KEY);
        String[] lines = download.body().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(TestHttp.JSON.readTree(lines[0]).get("key").asString()).isEqualTo("a");
        assertThat(TestHttp.JSON.readTree(lines[1]).get("response").get("usageMetadata")).isNotNull();
    }

    @Test
    void cancelAndDeleteEndTheBatch() {
        String body = "{\"batch\":{\"inputConfig\":{\"requests\":{\"requests\":[{\"request\":{\"contents\":"
                + "[{\"parts\":[{\"text\":\"x\"}]}]}}]}}}}";
        String name = json(post(fake.baseUrl() + "/v1beta/models/gemini-2.5-flash:batchGenerateContent", body,
                "x-goog-api-key", KEY)).get("name").asString();
        assertThat(post(fake.baseUrl() + "/v1beta/" + name + ":cancel", "", "x-goog-api-key", KEY).body()).isEqualTo("{}");
        assertThat(poll(name).get("metadata").get("state").asString()).isEqualTo("BATCH_STATE_CANCELLED");
        assertThat(json(TestHttp.get(fake.baseUrl() + "/v1beta/batches", "x-goog-api-key", KEY)).get("operations"))
                .isNotEmpty();
        assertThat(TestHttp.delete(fake.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY).statusCode()).isEqualTo(200);
        assertThat(TestHttp.get(fake.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void anyExpiredShareExpiresTheWholeGeminiJob() {
        FakeServerConfig before = fake.server().config();
        fake.server().reconfigure(before.toBuilder().batchExpiredShare(0.1).build());
        try {
            String body = "{\"batch\":{\"inputConfig\":{\"requests\":{\"requests\":[{\"request\":{\"contents\":"
                    + "[{\"parts\":[{\"text\":\"x\"}]}]}}]}}}}";
            String name = json(post(fake.baseUrl() + "/v1beta/models/gemini-2.5-flash:batchGenerateContent", body,
                    "x-goog-api-key", KEY)).get("name").asString();
            poll(name);
            JsonNode done = poll(name);
            assertThat(done.get("done").asBoolean()).isTrue();
            assertThat(done.get("metadata").get("state").asString()).isEqualTo("BATCH_STATE_EXPIRED");
            assertThat(done.has("response")).isFalse();
        } finally {
            fake.server().reconfigure(before);
        }
    }
}
