package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GeminiTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final String KEY = FakeServerConfig.DEFAULT_GEMINI_KEY;

    private static HttpResponse<String> generate(FakeLlmServer s, String model, String body) {
        return post(s.baseUrl() + "/v1beta/models/" + model + ":generateContent", body, "x-goog-api-key", KEY);
    }

    @Test
    void rejectsMissingOrWrongKeyWithGoogleErrorBodies() {
        try (FakeLlmServer s = FakeLlmServer.start()) {
            String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
            HttpResponse<String> missing = post(s.baseUrl() + "/v1beta/models/gemini-2.5-flash:generateContent", body);
            HttpResponse<String> wrong = post(s.baseUrl() + "/v1beta/models/gemini-2.5-flash:generateContent", body,
                    "x-goog-api-key", "AIza-wrong");
            HttpResponse<String> query = post(s.baseUrl() + "/v1beta/models/gemini-2.5-flash:generateContent?key=" + KEY,
                    body);

            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(json(missing).get("error").get("status").asString()).isEqualTo("PERMISSION_DENIED");
            assertThat(wrong.statusCode()).isEqualTo(400);
            assertThat(json(wrong).get("error").get("status").asString()).isEqualTo("INVALID_ARGUMENT");
            assertThat(json(wrong).get("error").get("details").get(0).get("reason").asString()).isEqualTo("API_KEY_INVALID");
            assertThat(query.statusCode()).isEqualTo(200);
            assertThat(s.requests().get(2).toString()).doesNotContain(KEY);
        }
    }

    @Test
    void answersWithCandidatesUsageAndSchemaJson() {
        try (FakeLlmServer s = FakeLlmServer.start()) {
            String body = "{\"systemInstruction\":{\"parts\":[{\"text\":\"You label sentiment.\"}]},"
                    + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"I love this product.\"}]}],"
                    + "\"generationConfig\":{\"temperature\":0.2,\"maxOutputTokens\":256,\"responseMimeType\":"
                    + "\"application/json\",\"responseSchema\":{\"type\":\"OBJECT\",\"properties\":{\"label\":"
                    + "{\"type\":\"STRING\",\"enum\":[\"positive\",\"negative\"]},\"stars\":{\"type\":\"INTEGER\","
                    + "\"minimum\":1,\"maximum\":5}},\"required\":[\"label\",\"stars\"]}}}";
            HttpResponse<String> r = generate(s, "gemini-2.5-flash", body);

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode resp = json(r);
            JsonNode cand = resp.get("candidates").get(0);
            assertThat(cand.get("content").get("role").asString()).isEqualTo("model");
            assertThat(cand.get("finishReason").asString()).isEqualTo("STOP");
            JsonNode answer = TestHttp.JSON.readTree(cand.get("content").get("parts").get(0).get("text").asString());
            assertThat(answer.get("label").asString()).isIn("positive", "negative");
            assertThat(answer.get("stars").asInt()).isBetween(1, 5);
            JsonNode usage = resp.get("usageMetadata");
            assertThat(usage.get("totalTokenCount").asInt())
                    .isEqualTo(usage.get("promptTokenCount").asInt() + usage.get("candidatesTokenCount").asInt());
            assertThat(usage.has("cachedContentTokenCount")).isFalse();
            assertThat(resp.get("modelVersion").asString()).isEqualTo("gemini-2.5-flash");
        }
    }

    @Test
    void geminiCachedContentsCreateGetDeleteRoundTrip() {
        ManualClock clock = new ManualClock();
        try (FakeLlmServer s = FakeLlmServer.start(FakeServerConfig.builder().clock(clock).build())) {
            String doc = "A long shared document. ".repeat(200); // 4,800 chars
            String create = "{\"model\":\"models/gemini-2.5-flash\",\"displayName\":\"job-42\",\"ttl\":\"300s\","
                    + "\"systemInstruction\":{\"parts\":[{\"text\":\"You answer from the document.\"}]},"
                    + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + doc + "\"}]}]}";
            HttpResponse<String> created = post(s.baseUrl() + "/v1beta/cachedContents", create, "x-goog-api-key", KEY);
            assertThat(created.statusCode()).isEqualTo(200);
            JsonNode cache = json(created);
            String name = cache.get("name").asString();
            assertThat(name).startsWith("cachedContents/");
            assertThat(cache.get("model").asString()).isEqualTo("models/gemini-2.5-flash");
            assertThat(Instant.parse(cache.get("expireTime").asString())).isEqualTo(clock.now.plusSeconds(300));
            int cacheTokens = cache.get("usageMetadata").get("totalTokenCount").asInt();
            assertThat(cacheTokens).isGreaterThanOrEqualTo(1024);

            HttpResponse<String> got = TestHttp.get(s.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY);
            assertThat(json(got).get("name").asString()).isEqualTo(name);

            String use = "{\"cachedContent\":\"" + name + "\",\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
                    + "\"What is it about?\"}]}]}";
            JsonNode usage = json(generate(s, "gemini-2.5-flash", use)).get("usageMetadata");
            assertThat(usage.get("cachedContentTokenCount").asInt()).isEqualTo(cacheTokens);
            assertThat(usage.get("promptTokenCount").asInt())
                    .isEqualTo(cacheTokens + ("user\nWhat is it about?\n".length() + 3) / 4);

            HttpResponse<String> withSystem = generate(s, "gemini-2.5-flash", use.replace("{\"cachedContent\"",
                    "{\"systemInstruction\":{\"parts\":[{\"text\":\"x\"}]},\"cachedContent\""));
            assertThat(withSystem.statusCode()).isEqualTo(400);

            HttpResponse<String> deleted = TestHttp.delete(s.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY);
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(deleted.body()).isEqualTo("{}");
            HttpResponse<String> afterDelete = generate(s, "gemini-2.5-flash", use);
            assertThat(afterDelete.statusCode()).isEqualTo(404);
            assertThat(json(afterDelete).get("error").get("status").asString()).isEqualTo("NOT_FOUND");
            assertThat(TestHttp.get(s.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void expiredCachesAreGoneAndSmallCachesAreRefused() {
        ManualClock clock = new ManualClock();
        try (FakeLlmServer s = FakeLlmServer.start(FakeServerConfig.builder().clock(clock).build())) {
            String doc = "A long shared document. ".repeat(200);
            String create = "{\"model\":\"gemini-2.5-flash\",\"ttl\":\"60s\",\"contents\":[{\"role\":\"user\","
                    + "\"parts\":[{\"text\":\"" + doc + "\"}]}]}";
            String name = json(post(s.baseUrl() + "/v1beta/cachedContents", create, "x-goog-api-key", KEY))
                    .get("name").asString();
            clock.now = clock.now.plus(Duration.ofSeconds(61));
            assertThat(TestHttp.get(s.baseUrl() + "/v1beta/" + name, "x-goog-api-key", KEY).statusCode()).isEqualTo(404);

            HttpResponse<String> small = post(s.baseUrl() + "/v1beta/cachedContents",
                    create.replace(doc, "tiny"), "x-goog-api-key", KEY);
            assertThat(small.statusCode()).isEqualTo(400);
            assertThat(json(small).get("error").get("message").asString())
                    .startsWith("Cached content is too small. total_token_count=").endsWith("min_total_token_count=1024");
        }
    }

    @Test
    void quotaExhaustionIs429ResourceExhaustedWithRetryInfo() {
        FakeServerConfig config = FakeServerConfig.builder().quota(Quota.of(1, 0, Duration.ofSeconds(30))).build();
        try (FakeLlmServer s = FakeLlmServer.start(config)) {
            String body = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
            assertThat(generate(s, "gemini-2.5-flash", body).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = generate(s, "gemini-2.5-flash", body);
            assertThat(limited.statusCode()).isEqualTo(429);
            JsonNode err = json(limited).get("error");
            assertThat(err.get("status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
            JsonNode retryInfo = null;
            for (JsonNode d : err.get("details")) {
                if (d.get("@type").asString().endsWith("google.rpc.RetryInfo")) {
                    retryInfo = d;
                }
            }
            assertThat(retryInfo).isNotNull();
            assertThat(retryInfo.get("retryDelay").asString()).matches("(30|29)s");
        }
    }

    @Test
    void unknownGeminiPathIsNotFound() {
        try (FakeLlmServer s = FakeLlmServer.start()) {
            HttpResponse<String> r = TestHttp.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1beta/nothing")).GET(),
                    "x-goog-api-key", KEY);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).get("error").get("status").asString()).isEqualTo("NOT_FOUND");
        }
    }
}
