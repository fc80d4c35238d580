package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The other half of "zero rejections": each mock, through a gate, does refuse a broken body and the
 * gate does see it. Without this, validation silently off would look like perfect clients.
 */
@ExtendWith(PrismMocks.class)
class MocksRefuseBrokenRequestsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SpecGate openAi;
    private static SpecGate anthropic;
    private static SpecGate gemini;

    @BeforeAll
    static void start(PrismMocks.Running mocks) {
        openAi = SpecGate.to(mocks.baseUrl(Spec.OPENAI), SpecLag.OPENAI);
        anthropic = SpecGate.to(mocks.baseUrl(Spec.ANTHROPIC), SpecLag.ANTHROPIC);
        gemini = SpecGate.to(mocks.baseUrl(Spec.GEMINI), SpecLag.GEMINI);
    }

    @AfterAll
    static void stop() {
        openAi.close();
        anthropic.close();
        gemini.close();
    }

    @Test
    void openAiRefusesAnUnknownRole() throws Exception {
        post(openAi, "/v1/chat/completions", "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"robot\","
                + "\"content\":\"hi\"}]}", "authorization", "Bearer sk-test");

        assertRefusedAt(openAi.last(), "messages.0.role");
    }

    @Test
    void anthropicRefusesAnUnknownTopLevelField() throws Exception {
        post(anthropic, "/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"top_q\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", "sk-test",
                "anthropic-version", "2023-06-01");

        assertRefusedAt(anthropic.last(), "");
        assertThat(anthropic.last().requestViolations()).extracting(Violation::unknownProperty).contains("top_q");
    }

    @Test
    void geminiRefusesAMisspeltFieldThanksToTheClosedSchemas() throws Exception {
        post(gemini, "/v1beta/models/gemini-2.5-flash:generateContent", "{\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"maxOutputToken\":5}}", "x-goog-api-key",
                "sk-test");

        assertRefusedAt(gemini.last(), "generationConfig");
        assertThat(gemini.last().requestViolations()).extracting(Violation::unknownProperty)
                .contains("maxOutputToken");
    }

    private static void assertRefusedAt(Exchange e, String path) {
        assertThat(e.status()).as("%s", e).isGreaterThanOrEqualTo(400);
        assertThat(e.requestViolations()).extracting(Violation::path).as("%s", e).contains(path);
    }

    private static void post(SpecGate gate, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gate.baseUrl() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        assertThat(gate.exchanges()).extracting(Exchange::target).contains(path);
    }
}
