package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ResponseSchema;
import io.llmbatch4j.providers.gemini.GeminiCache;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GeminiChatClientTest {

    private static FakeLlmServer server;
    private static HttpTransport transport;
    private static GeminiChatClient client;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start();
        transport = HttpTransport.create();
        client = GeminiChatClient.create(transport, Fake.gemini(server).build());
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    private static RecordedRequest last() {
        return server.requests().get(server.requests().size() - 1);
    }

    @Test
    void sendsSystemInstructionModelRoleAndGenerationConfig() {
        ChatResponse answer = client.chat(ChatRequest.builder("gemini-2.5-flash").system("You label sentiment.")
                .user("Hi").assistant("Hello").user("I love it").temperature(0.2).maxOutputTokens(64).build()).block();
        assertThat(answer.text()).isNotBlank();
        assertThat(answer.usage().inputTokens()).isPositive();
        RecordedRequest sent = last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).isEqualTo(FakeServerConfig.DEFAULT_GEMINI_KEY);
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.path("systemInstruction").path("parts").path(0).path("text").asString())
                .isEqualTo("You label sentiment.");
        assertThat(body.path("contents")).hasSize(3);
        assertThat(body.path("contents").path(1).path("role").asString()).isEqualTo("model");
        assertThat(body.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(64);
        assertThat(body.path("generationConfig").path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void structuredOutputAsksForJsonAndGetsTheSchemasShape() {
        JsonNode schema = Json.MAPPER.readTree("""
                {"type":"object","properties":{"label":{"type":"string","enum":["pos","neg"]}},"required":["label"]}""");
        ChatResponse answer = client.chat(ChatRequest.builder("gemini-2.5-flash").user("I love it")
                .responseSchema(ResponseSchema.of("s", schema)).build()).block();
        assertThat(Json.MAPPER.readTree(answer.text()).path("label").asString()).isIn("pos", "neg");
        JsonNode config = Json.MAPPER.readTree(last().body()).path("generationConfig");
        assertThat(config.path("responseMimeType").asString()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema")).isEqualTo(schema);
    }

    @Test
    void cachedContentRoundTripCountsCachedTokensAndFailsAfterDelete() {
        String document = "Policy paragraph about refunds and returns. ".repeat(300);
        GeminiCache cache = client.createCache("gemini-2.5-flash", "Answer from the policy.",
                List.of(ChatMessage.user(document)), Duration.ofMinutes(5), "test").block();
        assertThat(cache.name()).startsWith("cachedContents/");
        assertThat(cache.totalTokens()).isPositive();
        assertThat(Json.MAPPER.readTree(last().body()).path("ttl").asString()).isEqualTo("300s");
        assertThat(client.getCache(cache.name()).block().name()).isEqualTo(cache.name());

        ChatResponse answer = client.chat(ChatRequest.builder("gemini-2.5-flash").user("Can I return shoes?")
                .cachedContent(cache.name()).build()).block();
        assertThat(answer.usage().cachedInputTokens()).isPositive();
        assertThat(answer.usage().inputTokens()).isGreaterThan(answer.usage().cachedInputTokens());

        client.deleteCache(cache.name()).block();
        assertThatThrownBy(() -> client.chat(ChatRequest.builder("gemini-2.5-flash").user("Again?")
                .cachedContent(cache.name()).build()).block())
                .isInstanceOf(PermanentProviderException.class);
    }

    @Test
    void refusesSystemMessageTogetherWithCachedContentBeforeSending() {
        int before = server.requests().size();
        assertThatThrownBy(() -> client.chat(ChatRequest.builder("gemini-2.5-flash").system("x").user("y")
                .cachedContent("cachedContents/abc").build()).block())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system message and cachedContent");
        assertThat(server.requests()).hasSize(before);
    }
}
