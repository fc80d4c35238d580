package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of request {@link OpenAiChatClient} makes is valid against OpenAI's published spec. */
@ExtendWith(PrismMocks.class)
class OpenAiRequestsConformTest {

    private static final String MODEL = "gpt-4.1-mini";
    /** A catalog entry for an OpenAI-compatible server that still wants the deprecated max_tokens. */
    private static final String LEGACY_YAML = "openai:\n  legacy-compatible-model: {tokenParameter: max_tokens}\n";

    private static SpecGate gate;
    private static HttpTransport transport;
    private static OpenAiChatClient client;

    @BeforeAll
    static void start(PrismMocks.Running mocks) {
        gate = SpecGate.to(mocks.baseUrl(Spec.OPENAI), SpecLag.OPENAI);
        transport = HttpTransport.create();
        ModelCatalog catalog = ModelCatalog.defaults().withOverrides(ModelCatalog.parse(LEGACY_YAML, "test"));
        client = OpenAiChatClient.create(transport, Clients.openAi(gate).catalog(catalog).build());
    }

    @AfterAll
    static void stop() {
        Clients.logCount("requests", "openai", gate);
        transport.close();
        gate.close();
    }

    static Stream<Case> cases() {
        String system = "You label the sentiment of product reviews.";
        return Stream.of(
                Case.of("a user message only", ChatRequest.of(MODEL, null, "I love this kettle.")),
                Case.of("system prompt, temperature and max_completion_tokens", ChatRequest.builder(MODEL)
                        .system(system).user("I love this kettle.").temperature(0.2).maxOutputTokens(50),
                        body -> assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(50)),
                Case.of("a conversation with an assistant turn", ChatRequest.builder(MODEL).system(system)
                        .user("Label: great.").assistant("positive").user("Label: awful."), body -> { }),
                Case.of("four stop sequences", ChatRequest.builder(MODEL).user("Count to ten.")
                        .stopSequences(List.of("5", "five", "\n\n", "END")), body -> { }),
                Case.of("a strict response schema derived from a record", ChatRequest.builder(MODEL).system(system)
                        .user("Label: great kettle.").responseSchema(RecordSchemas.reviewLabel(true)),
                        body -> assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue()),
                Case.of("a non-strict response schema", ChatRequest.builder(MODEL).user("Label: fine.")
                        .responseSchema(RecordSchemas.reviewLabel(false)), body -> { }),
                Case.of("cache markers, which OpenAI does not need (it caches prefixes itself)",
                        ChatRequest.builder(MODEL).message(ChatMessage.system(system).cached())
                                .message(ChatMessage.user("Label: meh.").cached()),
                        body -> assertThat(body.toString()).doesNotContain("cache_control")),
                Case.of("o3-mini: the catalog drops temperature", ChatRequest.builder("o3-mini").system(system)
                        .user("Label: great.").temperature(0.7).maxOutputTokens(500),
                        body -> assertThat(body.has("temperature")).isFalse()),
                Case.of("o1-mini: the catalog folds the system prompt into the user message",
                        ChatRequest.builder("o1-mini").system(system).user("Label: great.").temperature(0.7),
                        body -> {
                            assertThat(body.findValuesAsString("role")).containsOnly("user");
                            assertThat(body.has("temperature")).isFalse();
                        }),
                Case.of("gpt-5: the catalog drops temperature", ChatRequest.builder("gpt-5-mini").user("Hi")
                        .temperature(1.0).maxOutputTokens(100), body -> assertThat(body.has("temperature")).isFalse()),
                Case.of("max_tokens for a compatible server whose catalog entry asks for it",
                        ChatRequest.builder("legacy-compatible-model").user("Hi").maxOutputTokens(20),
                        body -> assertThat(body.path("max_tokens").asInt()).isEqualTo(20)),
                Case.of("every option at once", ChatRequest.builder(MODEL).message(ChatMessage.system(system).cached())
                        .user("Label: great.").assistant("positive").user("Label: bad.").temperature(0.0)
                        .maxOutputTokens(200).stopSequences(List.of("END"))
                        .responseSchema(RecordSchemas.reviewLabel(true)), body -> { }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specAcceptsTheRequest(Case c) {
        Exchange sent = Conformance.chatAccepted(client, gate, c.request());
        assertThat(sent.target()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers().get("authorization")).containsExactly("Bearer " + Clients.API_KEY);
        c.sentBody().accept(sent.sent());
    }
}
