package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.gemini.GeminiCache;
import io.llmbatch4j.providers.gemini.GeminiChatClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of request {@link GeminiChatClient} makes — generateContent and the cachedContents
 * calls — is valid against Google's published document, served with its object schemas closed
 * ({@link ServedSpecs}) so that an unknown field is refused too. The document is older than
 * {@code responseJsonSchema}: see {@link SpecLag#GEMINI}.
 */
@ExtendWith(PrismMocks.class)
class GeminiRequestsConformTest {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String SYSTEM = "You label the sentiment of product reviews.";
    private static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";

    private static SpecGate gate;
    private static HttpTransport transport;
    private static GeminiChatClient client;

    @BeforeAll
    static void start(PrismMocks.Running mocks) {
        gate = SpecGate.to(mocks.baseUrl(Spec.GEMINI), SpecLag.GEMINI);
        transport = HttpTransport.create();
        client = GeminiChatClient.create(transport, Clients.gemini(gate).build());
    }

    @AfterAll
    static void stop() {
        Clients.logCount("requests", "gemini", gate);
        transport.close();
        gate.close();
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("a user message only", ChatRequest.of(MODEL, null, "I love this kettle.")),
                Case.of("system instruction, temperature, maxOutputTokens and stop sequences",
                        ChatRequest.builder(MODEL).system(SYSTEM).user("Label: great.").temperature(0.2)
                                .maxOutputTokens(50).stopSequences(List.of("END", "\n\n")),
                        body -> assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(50)),
                Case.of("a conversation with a model turn", ChatRequest.builder(MODEL).system(SYSTEM)
                        .user("Label: great.").assistant("positive").user("Label: awful."),
                        body -> assertThat(body.at("/contents/1/role").asString()).isEqualTo("model")),
                Case.of("a response schema derived from a record (responseJsonSchema)", ChatRequest.builder(MODEL)
                        .user("Label: great.").responseSchema(RecordSchemas.reviewLabel(true)),
                        body -> assertThat(body.at("/generationConfig/responseMimeType").asString())
                                .isEqualTo("application/json")),
                Case.of("an answer from an explicit cache", ChatRequest.builder(MODEL).user("Label: great.")
                        .cachedContent("cachedContents/contract-test-1"), body -> { }),
                Case.of("cache markers, which Gemini does not take per message", ChatRequest.builder(MODEL)
                        .message(ChatMessage.system(SYSTEM).cached()).message(ChatMessage.user("Hi").cached()),
                        body -> { }),
                Case.of("every option at once", ChatRequest.builder(MODEL).user("Label: great.").assistant("positive")
                        .user("Label: bad.").temperature(0.0).maxOutputTokens(200).stopSequences(List.of("END"))
                        .responseSchema(RecordSchemas.reviewLabel(true)).cachedContent("cachedContents/c-2"),
                        body -> { }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specAcceptsTheRequest(Case c) {
        Exchange sent = Conformance.chatAccepted(client, gate, c.request());
        assertThat(sent.target()).isEqualTo(GENERATE);
        assertThat(sent.headers().get("x-goog-api-key")).containsExactly(Clients.API_KEY);
        c.sentBody().accept(sent.sent());
    }

    @Test
    void aModelNameWithItsResourcePrefixGoesToTheSamePath() {
        client.chat(ChatRequest.of("models/" + MODEL, null, "Hi")).block(Clients.TIMEOUT);

        Conformance.assertAccepted(gate.last());
        assertThat(gate.last().target()).isEqualTo(GENERATE);
    }

    @Test
    void specAcceptsCacheCreationWithSystemInstructionContentsTtlAndDisplayName() {
        GeminiCache cache = client.createCache(MODEL, SYSTEM, List.of(ChatMessage.user("A long document. ".repeat(100)),
                ChatMessage.assistant("Read.")), Duration.ofMinutes(5), "contract-test").block(Clients.TIMEOUT);

        Exchange sent = gate.last();
        Conformance.assertAccepted(sent);
        assertThat(sent.method() + " " + sent.target()).isEqualTo("POST /v1beta/cachedContents");
        assertThat(sent.sent().path("model").asString()).isEqualTo("models/" + MODEL);
        assertThat(sent.sent().path("ttl").asString()).isEqualTo("300s");
        assertThat(cache).isNotNull();
    }

    @Test
    void specAcceptsTheSmallestCacheCreationWithAFractionalTtl() {
        client.createCache(MODEL, null, List.of(ChatMessage.user("Doc.")), Duration.ofMillis(1500), null)
                .block(Clients.TIMEOUT);

        Conformance.assertAccepted(gate.last());
        assertThat(gate.last().sent().path("ttl").asString()).isEqualTo("1.5s");
    }

    @Test
    void specAcceptsReadingACache() {
        client.getCache("cachedContents/contract-test-1").block(Clients.TIMEOUT);

        Exchange sent = gate.last();
        Conformance.assertAccepted(sent);
        assertThat(sent.method() + " " + sent.target()).isEqualTo("GET /v1beta/cachedContents/contract-test-1");
        assertThat(sent.sent()).isNull();
    }

    @Test
    void specAcceptsDeletingACache() {
        client.deleteCache("cachedContents/contract-test-1").block(Clients.TIMEOUT);

        Exchange sent = gate.last();
        Conformance.assertAccepted(sent);
        assertThat(sent.method() + " " + sent.target()).isEqualTo("DELETE /v1beta/cachedContents/contract-test-1");
    }
}
