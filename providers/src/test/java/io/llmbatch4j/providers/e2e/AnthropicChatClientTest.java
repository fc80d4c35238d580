package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import io.llmbatch4j.providers.internal.Json;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AnthropicChatClientTest {

    private static FakeLlmServer server;
    private static HttpTransport transport;
    private static AnthropicChatClient client;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start();
        transport = HttpTransport.create();
        client = AnthropicChatClient.create(transport, Fake.anthropic(server).build());
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @Test
    void sendsKeyVersionTopLevelSystemAndTheCatalogsMaxTokens() {
        server.clearRequests();
        ChatResponse answer = client.chat(ChatRequest.builder("claude-sonnet-4-5").system("You label sentiment.")
                .user("I love it").temperature(0.3).build()).block();
        assertThat(answer.text()).isNotBlank();
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.rateLimit()).isNotNull();
        assertThat(answer.rateLimit().requestsLimit()).isNotNull();
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(FakeServerConfig.DEFAULT_ANTHROPIC_KEY);
        assertThat(sent.header("anthropic-version")).isEqualTo(AnthropicChatClient.API_VERSION);
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.path("system").asString()).isEqualTo("You label sentiment.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("user");
    }

    @Test
    void capsTemperatureAtAnthropicsMaximumOfOne() {
        server.clearRequests();
        client.chat(ChatRequest.builder("claude-sonnet-4-5").user("Write a slogan.").temperature(1.6).build()).block();

        JsonNode body = Json.MAPPER.readTree(server.requests().get(0).body());
        assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void cachedSystemBlockIsWrittenOnceThenReadAndCountedInsideInputTokens() {
        String context = "A long shared policy document. ".repeat(400);
        ChatResponse first = client.chat(ChatRequest.builder("claude-sonnet-4-5")
                .message(ChatMessage.system(context).cached()).user("ticket 1").build()).block();
        ChatResponse second = client.chat(ChatRequest.builder("claude-sonnet-4-5")
                .message(ChatMessage.system(context).cached()).user("ticket 2").build()).block();

        assertThat(first.cacheWriteTokens()).isPositive();
        assertThat(first.usage().cachedInputTokens()).isZero();
        assertThat(second.usage().cachedInputTokens()).isPositive();
        assertThat(second.cacheWriteTokens()).isZero();
        assertThat(second.usage().inputTokens())
                .as("input = uncached + cache reads + cache writes (core's convention)")
                .isGreaterThan(second.usage().cachedInputTokens());
        JsonNode body = Json.MAPPER.readTree(server.requests().get(server.requests().size() - 1).body());
        assertThat(body.path("system").path(0).path("cache_control").path("type").asString()).isEqualTo("ephemeral");
    }
}
