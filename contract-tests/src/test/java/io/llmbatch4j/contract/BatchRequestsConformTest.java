package io.llmbatch4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.batch.BatchHandle;
import io.llmbatch4j.providers.batch.BatchMode;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchRequest;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.providers.batch.anthropic.AnthropicBatchProvider;
import io.llmbatch4j.providers.batch.openai.OpenAiBatchProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The batch clients' requests are valid against the specs: OpenAI's file upload, batch create /
 * get / cancel and results download, and every JSONL line's body as a chat completion request;
 * Anthropic's message batch create / get / results / cancel. Prism keeps no state, so each call
 * is checked for its shape, not for a batch's life cycle (the testkit covers that).
 */
@ExtendWith(PrismMocks.class)
class BatchRequestsConformTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SYSTEM = "You label the sentiment of product reviews.";

    @TempDir
    static Path temp;
    private static HttpTransport transport;
    private static SpecGate openAiGate;
    private static SpecGate anthropicGate;
    private static BatchProvider openAi;
    private static BatchProvider anthropic;

    @BeforeAll
    static void start(PrismMocks.Running mocks) {
        transport = HttpTransport.create();
        openAiGate = SpecGate.to(mocks.baseUrl(Spec.OPENAI), SpecLag.OPENAI);
        anthropicGate = SpecGate.to(mocks.baseUrl(Spec.ANTHROPIC), SpecLag.ANTHROPIC_BATCH);
        openAi = OpenAiBatchProvider.create(transport, Clients.openAi(openAiGate).build(),
                BatchProviderConfig.openAi().tempDirectory(temp).build());
        anthropic = AnthropicBatchProvider.create(transport, Clients.anthropic(anthropicGate).build(),
                BatchProviderConfig.anthropic().tempDirectory(temp).build());
    }

    @AfterAll
    static void stop() {
        Clients.logCount("batch", "openai", openAiGate);
        Clients.logCount("batch", "anthropic", anthropicGate);
        transport.close();
        openAiGate.close();
        anthropicGate.close();
    }

    /** One request of each kind a batch can hold, for {@code model}. */
    private static Flux<BatchRequest> requests(String model) {
        return Flux.just(
                new BatchRequest("plain", ChatRequest.of(model, null, "I love this kettle.")),
                new BatchRequest("options", ChatRequest.builder(model).system(SYSTEM).user("Label: great.")
                        .temperature(0.2).maxOutputTokens(50).stopSequences(List.of("END")).build()),
                new BatchRequest("cached", ChatRequest.builder(model).message(ChatMessage.system(SYSTEM).cached())
                        .user("Label: awful.").assistant("negative").user("Label: fine.").build()),
                new BatchRequest("schema", ChatRequest.builder(model).user("Label: great.")
                        .responseSchema(RecordSchemas.reviewLabel(true)).build()));
    }

    @Test
    void openAiBatchLinesAreChatCompletionRequestsTheSpecAccepts() throws Exception {
        for (String model : List.of("gpt-4.1-mini", "o3-mini")) {
            try (PreparedBatch batch = openAi.preparePayloads(model, BatchMode.CHAT, requests(model)).blockFirst()) {
                List<String> lines = Files.readAllLines(batch.payload());
                assertThat(lines).hasSize(4);
                for (String text : lines) {
                    JsonNode line = Jsons.parse(text);
                    assertThat(line.propertyNames()).containsExactlyInAnyOrder("custom_id", "method", "url", "body");
                    assertThat(line.path("url").asString()).isEqualTo("/v1/chat/completions");
                    replay(openAiGate, "/v1/chat/completions", line.path("body"), "authorization",
                            "Bearer " + Clients.API_KEY);
                    Conformance.assertAccepted(openAiGate.last());
                }
            }
        }
    }

    @Test
    void openAiUploadCreatePollResultsAndCancelAreAccepted() {
        try (PreparedBatch batch = openAi.preparePayloads("gpt-4.1-mini", BatchMode.CHAT, requests("gpt-4.1-mini"))
                .blockFirst()) {
            int before = openAiGate.count();
            BatchHandle handle = openAi.submit(batch).block(Clients.TIMEOUT);
            BatchSnapshot snapshot = openAi.pollStatus(handle).block(Clients.TIMEOUT);
            // Prism's sample is no JSONL file: only the download requests are checked here
            catchThrowable(() -> openAi.fetchResults(handle, snapshot).collectList().block(Clients.TIMEOUT));
            openAi.cancel(handle).block(Clients.TIMEOUT);

            List<Exchange> sent = openAiGate.exchanges().subList(before, openAiGate.count());
            assertThat(sent).extracting(e -> e.method() + " " + e.target().replaceAll("/[^/]*string[^/]*", "/{id}"))
                    .containsExactly("POST /v1/files", "POST /v1/batches", "GET /v1/batches/{id}",
                            "GET /v1/files/{id}/content", "GET /v1/files/{id}/content", "POST /v1/batches/{id}/cancel");
            sent.forEach(Conformance::assertAccepted);
            assertThat(sent.get(0).headers().get("content-type").get(0)).startsWith("multipart/form-data");
        }
    }

    @Test
    void anthropicCreatePollResultsAndCancelAreAccepted() {
        try (PreparedBatch batch = anthropic.preparePayloads("claude-sonnet-4-5", BatchMode.CHAT,
                requests("claude-sonnet-4-5")).blockFirst()) {
            int before = anthropicGate.count();
            BatchHandle handle = anthropic.submit(batch).block(Clients.TIMEOUT);
            BatchSnapshot snapshot = anthropic.pollStatus(handle).block(Clients.TIMEOUT);
            catchThrowable(() -> anthropic.fetchResults(handle, snapshot).collectList().block(Clients.TIMEOUT));
            anthropic.cancel(handle).block(Clients.TIMEOUT);

            List<Exchange> sent = anthropicGate.exchanges().subList(before, anthropicGate.count());
            assertThat(sent).extracting(Exchange::method).containsExactly("POST", "GET", "GET", "POST");
            sent.forEach(Conformance::assertAccepted);
            assertThat(sent.get(0).sent().path("requests")).hasSize(4);
            assertThat(sent.get(0).removed()).extracting(SpecLag.Removed::path)
                    .containsExactly("requests.3.params.output_config");
        }
    }

    private static void replay(SpecGate gate, String path, JsonNode body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gate.baseUrl() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }
}
