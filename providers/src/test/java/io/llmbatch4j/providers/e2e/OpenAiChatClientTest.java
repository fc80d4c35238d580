package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.ModelLimitationException;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ResponseSchema;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.Quota;
import io.llmbatch4j.testkit.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenAiChatClientTest {

    private static FakeLlmServer server;
    private static HttpTransport transport;
    private static OpenAiChatClient client;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start();
        transport = HttpTransport.create();
        client = OpenAiChatClient.create(transport, Fake.openAi(server).build());
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @BeforeEach
    void clearLog() {
        server.clearRequests();
    }

    private static JsonNode lastBody() {
        RecordedRequest r = server.requests().get(server.requests().size() - 1);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void sendsBearerKeyAndMaxCompletionTokensAndReadsUsage() {
        ChatResponse answer = client.chat(ChatRequest.builder("gpt-4.1-mini").system("You label sentiment.")
                .user("I love this product.").temperature(0.2).maxOutputTokens(50).build()).block();

        assertThat(answer.text()).isNotBlank();
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.usage().inputTokens()).isPositive();
        assertThat(answer.usage().outputTokens()).isPositive();
        assertThat(answer.rateLimit()).as("quota headers on every response").isNotNull();
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY);
        JsonNode body = lastBody();
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("system");
    }

    @Test
    void adaptsReasoningModelsFromTheCatalogSoTheProviderAcceptsThem() {
        ChatResponse o3mini = client.chat(ChatRequest.builder("o3-mini").user("Hi").temperature(0.2).build()).block();
        assertThat(o3mini.text()).isNotBlank();
        assertThat(lastBody().has("temperature")).isFalse();

        ChatResponse o1mini = client.chat(ChatRequest.builder("o1-mini").system("Be brief.").user("Hi")
                .maxOutputTokens(20).build()).block();
        assertThat(o1mini.text()).isNotBlank();
        JsonNode messages = lastBody().path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.path(0).path("role").asString()).isEqualTo("user");
        assertThat(messages.path(0).path("content").asString()).startsWith("Be brief.");
    }

    @Test
    void withoutCatalogKnowledgeTheProviderRefusalIsAModelLimitation() {
        OpenAiChatClient naive = OpenAiChatClient.create(transport, Fake.openAi(server).catalog(ModelCatalog.empty()).build());
        assertThatThrownBy(() -> naive.chat(ChatRequest.builder("o3-mini").user("Hi").temperature(0.2).build()).block())
                .isInstanceOf(ModelLimitationException.class)
                .hasMessageContaining("openai 400")
                .hasMessageContaining("temperature");
        OpenAiChatClient legacy = OpenAiChatClient.create(transport, Fake.openAi(server).catalog(ModelCatalog.parse(
                "openai:\n  \"o3*\": {tokenParameter: max_tokens, supportsTemperature: false}\n", "test")).build());
        assertThatThrownBy(() -> legacy.chat(ChatRequest.builder("o3").user("Hi").maxOutputTokens(10).build()).block())
                .isInstanceOf(ModelLimitationException.class)
                .hasMessageContaining("max_completion_tokens");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "/", "/v1", "/v1/", "/openai/v1"})
    void baseUrlsAsProviderDocsPrintThemReachTheChatPathOnce(String suffix) {
        OpenAiChatClient pasted = OpenAiChatClient.create(transport,
                Fake.openAi(server).baseUrl(server.baseUrl() + suffix).build());
        ChatResponse answer = pasted.chat(ChatRequest.of("gpt-4.1-mini", null, "Hi")).block();
        assertThat(answer.text()).isNotBlank();
        String prefix = suffix.startsWith("/openai") ? "/openai" : "";
        assertThat(server.requests()).extracting(RecordedRequest::path).containsExactly(prefix + "/v1/chat/completions");
    }

    @Test
    void wrongKeyIsPermanentAndTheMessageNeverShowsTheKey() {
        OpenAiChatClient wrong = OpenAiChatClient.create(transport, Fake.openAi(server).apiKey("sk-wrong-secret-1234").build());
        assertThatThrownBy(() -> wrong.chat(ChatRequest.of("gpt-4.1-mini", null, "Hi")).block())
                .isInstanceOf(PermanentProviderException.class)
                .satisfies(e -> assertThat(((PermanentProviderException) e).statusCode()).isEqualTo(401))
                .hasMessageNotContaining("sk-wrong-secret-1234")
                .hasMessageNotContaining("1234");
    }

    @Test
    void answersFollowTheRequestedSchema() {
        JsonNode schema = Json.MAPPER.readTree("""
                {"type":"object","properties":{"label":{"type":"string","enum":["pos","neg","neu"]},
                 "score":{"type":"integer","minimum":1,"maximum":5}},
                 "required":["label","score"],"additionalProperties":false}""");
        ChatResponse answer = client.chat(ChatRequest.builder("gpt-4.1-mini").user("I love it")
                .responseSchema(ResponseSchema.of("sentiment", schema)).build()).block();
        JsonNode parsed = Json.MAPPER.readTree(answer.text());
        assertThat(parsed.path("label").asString()).isIn("pos", "neg", "neu");
        assertThat(parsed.path("score").asInt()).isBetween(1, 5);
        JsonNode sent = lastBody().path("response_format");
        assertThat(sent.path("type").asString()).isEqualTo("json_schema");
        assertThat(sent.path("json_schema").path("name").asString()).isEqualTo("sentiment");
        assertThat(sent.path("json_schema").path("schema")).isEqualTo(schema);
    }

    @Test
    void reportsCachedPrefixTokensInsideInputTokens() {
        String longPrefix = "Shared instructions. ".repeat(600);
        ChatRequest first = ChatRequest.builder("gpt-4.1-mini").system(longPrefix).user("ticket one").build();
        ChatRequest second = ChatRequest.builder("gpt-4.1-mini").system(longPrefix).user("ticket two").build();
        client.chat(first).block();
        ChatResponse cached = client.chat(second).block();
        assertThat(cached.usage().cachedInputTokens()).isPositive();
        assertThat(cached.usage().cachedInputTokens()).isLessThanOrEqualTo(cached.usage().inputTokens());
    }

    @Test
    void rateLimitedCallCarriesRetryAfterAndTheQuotaSnapshot() {
        try (FakeLlmServer limited = FakeLlmServer.start(FakeServerConfig.builder()
                .quota(Quota.of(1, 1_000_000, Duration.ofSeconds(60))).build())) {
            OpenAiChatClient c = OpenAiChatClient.create(transport, Fake.openAi(limited).build());
            ChatResponse ok = c.chat(ChatRequest.of("gpt-4.1-mini", null, "one")).block();
            assertThat(ok.rateLimit().requestsLimit()).isEqualTo(1L);
            assertThat(ok.rateLimit().requestsRemaining()).isEqualTo(0L);
            assertThatThrownBy(() -> c.chat(ChatRequest.of("gpt-4.1-mini", null, "two")).block())
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.retryAfter()).isNotNull().isPositive()
                                .isLessThanOrEqualTo(Duration.ofSeconds(60));
                        assertThat(e.rateLimit()).isNotNull();
                        assertThat(e.rateLimit().requestsRemaining()).isEqualTo(0L);
                    });
        }
    }
}
