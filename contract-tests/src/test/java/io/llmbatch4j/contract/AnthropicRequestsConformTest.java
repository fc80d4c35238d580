package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.anthropic.AnthropicChatClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of request {@link AnthropicChatClient} makes is valid against Anthropic's published
 * spec. The spec (2024-11) is older than two fields we send on purpose, {@code output_config} and
 * {@code cache_control} on {@code /v1/messages}: see {@link SpecLag#ANTHROPIC}. Those are checked
 * against the spec's own definitions where it has one, the rest of the body by Prism.
 */
@ExtendWith(PrismMocks.class)
class AnthropicRequestsConformTest {

    private static final String MODEL = "claude-sonnet-4-5";
    private static final String SYSTEM = "You label the sentiment of product reviews. ".repeat(20);

    private static SpecGate gate;
    private static HttpTransport transport;
    private static AnthropicChatClient client;

    @BeforeAll
    static void start(PrismMocks.Running mocks) {
        gate = SpecGate.to(mocks.baseUrl(Spec.ANTHROPIC), SpecLag.ANTHROPIC);
        transport = HttpTransport.create();
        client = AnthropicChatClient.create(transport, Clients.anthropic(gate).build());
    }

    @AfterAll
    static void stop() {
        Clients.logCount("requests", "anthropic", gate);
        transport.close();
        gate.close();
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("a user message only, max_tokens from the catalog", ChatRequest.builder(MODEL).user("Hi"),
                        body -> assertThat(body.path("max_tokens").asInt()).isEqualTo(4096)),
                Case.of("system prompt, temperature, max_tokens and stop sequences", ChatRequest.builder(MODEL)
                        .system(SYSTEM).user("Label: great kettle.").temperature(0.2).maxOutputTokens(50)
                        .stopSequences(List.of("END", "\n\n")),
                        body -> assertThat(body.path("system").isString()).isTrue()),
                Case.of("a conversation with an assistant turn", ChatRequest.builder(MODEL).system(SYSTEM)
                        .user("Label: great.").assistant("positive").user("Label: awful."), body -> { }),
                Case.of("a cached system prompt (cache_control on the system block)", ChatRequest.builder(MODEL)
                        .message(ChatMessage.system(SYSTEM).cached()).user("Label: great."),
                        AnthropicRequestsConformTest::cacheControlIsTheSpecsEphemeral),
                Case.of("a cached user turn (cache_control on its content block)", ChatRequest.builder(MODEL)
                        .system(SYSTEM).message(ChatMessage.user("A long shared document. ".repeat(50)).cached())
                        .assistant("Read.").user("Summarise it."),
                        AnthropicRequestsConformTest::cacheControlIsTheSpecsEphemeral),
                Case.of("a response schema derived from a record (output_config)", ChatRequest.builder(MODEL)
                        .system(SYSTEM).user("Label: great.").responseSchema(RecordSchemas.reviewLabel(true)),
                        body -> {
                            assertThat(body.at("/output_config/format/type").asString()).isEqualTo("json_schema");
                            assertThat(body.at("/output_config/format/schema"))
                                    .isEqualTo(RecordSchemas.reviewLabel(true).schema());
                        }),
                Case.of("a temperature above Anthropic's maximum (1.0), capped", ChatRequest.builder(MODEL)
                        .user("Write a slogan.").temperature(1.6),
                        body -> assertThat(body.path("temperature").asDouble()).isEqualTo(1.0)),
                Case.of("another model family of the catalog", ChatRequest.builder("claude-haiku-4-5")
                        .user("Hi").temperature(1.0), body -> { }),
                Case.of("every option at once", ChatRequest.builder(MODEL).message(ChatMessage.system(SYSTEM).cached())
                        .user("Label: great.").assistant("positive").message(ChatMessage.user("Label: bad.").cached())
                        .temperature(0.0).maxOutputTokens(200).stopSequences(List.of("END"))
                        .responseSchema(RecordSchemas.reviewLabel(true)),
                        AnthropicRequestsConformTest::cacheControlIsTheSpecsEphemeral));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specAcceptsTheRequest(Case c) {
        Exchange sent = Conformance.chatAccepted(client, gate, c.request());
        assertThat(sent.target()).isEqualTo("/v1/messages");
        assertThat(sent.headers().get("x-api-key")).containsExactly(Clients.API_KEY);
        assertThat(sent.headers().get("anthropic-version")).containsExactly(AnthropicChatClient.API_VERSION);
        c.sentBody().accept(sent.sent());
    }

    /** Every cache_control sent is exactly the spec's CacheControlEphemeral (closed, type const). */
    private static void cacheControlIsTheSpecsEphemeral(JsonNode body) {
        JsonNode definition = Spec.ANTHROPIC.document().at("/components/schemas/CacheControlEphemeral");
        List<JsonNode> markers = body.findValues("cache_control");
        assertThat(markers).isNotEmpty();
        assertThat(definition.path("additionalProperties").asBoolean(true)).isFalse();
        for (JsonNode marker : markers) {
            assertThat(marker.propertyNames()).containsExactly("type");
            assertThat(marker.path("type").asString())
                    .isEqualTo(definition.at("/properties/type/const").asString());
        }
    }
}
