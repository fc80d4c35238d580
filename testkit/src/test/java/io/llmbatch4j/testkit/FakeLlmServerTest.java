package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.chat;
import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.openAi;
import static io.llmbatch4j.testkit.TestHttp.openAiCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class FakeLlmServerTest {

    @Test
    void bindsToLoopbackOnly() throws IOException {
        try (FakeLlmServer server = FakeLlmServer.start()) {
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(server.port()).isPositive();
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress addr : Collections.list(nif.getInetAddresses())) {
                    if (addr.isLoopbackAddress() || addr.isLinkLocalAddress()) {
                        continue;
                    }
                    try (Socket s = new Socket()) {
                        assertThatThrownBy(() -> s.connect(new InetSocketAddress(addr, server.port()), 1000))
                                .as("connect via %s", addr).isInstanceOf(IOException.class);
                    }
                }
            }
        }
    }

    @Test
    void endpointHandsOverTheBaseUrlAndTheKeyTheServerAcceptsForEachProvider() {
        FakeServerConfig config = FakeServerConfig.builder().openAiKey("o-key").anthropicKey("a-key")
                .geminiKey("g-key").build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            BiFunction<String, String, List<String>> pair = List::of;
            assertThat(server.endpoint(Provider.OPENAI, pair)).containsExactly(server.baseUrl(), "o-key");
            assertThat(server.endpoint(Provider.ANTHROPIC, pair)).containsExactly(server.baseUrl(), "a-key");
            assertThat(server.endpoint(Provider.GEMINI, pair)).containsExactly(server.baseUrl(), "g-key");

            server.reconfigure(config.toBuilder().openAiKey("rotated").build());
            assertThat(server.endpoint(Provider.OPENAI, pair)).containsExactly(server.baseUrl(), "rotated");
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() {
        FakeLlmServer server = FakeLlmServer.start();
        int port = server.port();
        server.close();
        server.close();

        assertThat(server.isClosed()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void deterministicAnswersForSameSeedAndRequest() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (FakeLlmServer s1 = FakeLlmServer.start(); FakeLlmServer s2 = FakeLlmServer.start();
                FakeLlmServer s3 = FakeLlmServer.start(FakeServerConfig.builder().seed(7).build())) {
            for (int k = 0; k < 5; k++) {
                a.add(content(openAi(s1, chat("gpt-4.1-mini", "question " + k))));
                b.add(content(openAi(s2, chat("gpt-4.1-mini", "question " + k))));
                other.add(content(openAi(s3, chat("gpt-4.1-mini", "question " + k))));
            }
            assertThat(content(openAi(s1, chat("gpt-4.1-mini", "question 0")))).as("the same body again").isEqualTo(a.get(0));
        }
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void sameBodyRetriedSucceedsAfterInjectedFault() {
        FakeServerConfig config = FakeServerConfig.builder().faults(FaultRates.builder().http500(0.5).http503(0.3).build())
                .build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            int faulted = 0;
            for (int item = 0; item < 20; item++) {
                String body = chat("gpt-4.1-mini", "item " + item);
                int attempts = 0;
                HttpResponse<String> r;
                do {
                    r = openAiCall(server, body);
                    attempts++;
                } while (r.statusCode() != 200 && attempts < 40);
                assertThat(r.statusCode()).as("item %s after %s attempts", item, attempts).isEqualTo(200);
                faulted += attempts - 1;
            }
            assertThat(faulted).isPositive();
        }
    }

    @Test
    void injectedServerErrorsUseOpenAiShapesAndA502HtmlPage() {
        try (FakeLlmServer server = FakeLlmServer.start(
                FakeServerConfig.builder().faults(FaultRates.builder().http500(1).build()).build())) {
            HttpResponse<String> r = openAiCall(server, chat("gpt-4.1-mini", "x"));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(json(r).get("error").get("type").asString()).isEqualTo("server_error");
            assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();

            server.reconfigure(server.config().toBuilder().faults(FaultRates.builder().http502(1).build()).build());
            HttpResponse<String> gateway = openAiCall(server, chat("gpt-4.1-mini", "x"));
            assertThat(gateway.statusCode()).isEqualTo(502);
            assertThat(gateway.body()).contains("502 Bad Gateway");

            server.reconfigure(server.config().toBuilder().faults(FaultRates.builder().overloaded(1).build()).build());
            assertThat(openAiCall(server, chat("gpt-4.1-mini", "x")).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void malformedJsonFaultSendsA200WithACutBody() {
        try (FakeLlmServer server = FakeLlmServer.start(
                FakeServerConfig.builder().faults(FaultRates.builder().malformedJson(1).build()).build())) {
            HttpResponse<String> r = openAiCall(server, chat("gpt-4.1-mini", "x"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> json(r)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void connectionResetClosesWithoutAResponse() {
        try (FakeLlmServer server = FakeLlmServer.start(
                FakeServerConfig.builder().faults(FaultRates.builder().connectionReset(1).build()).build())) {
            assertThatThrownBy(() -> openAiCall(server, chat("gpt-4.1-mini", "x"))).hasCauseInstanceOf(IOException.class);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void hangNeverAnswersUntilClientGivesUp() throws Exception {
        try (FakeLlmServer server = FakeLlmServer.start(
                FakeServerConfig.builder().faults(FaultRates.builder().hang(1).build()).build())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                    .timeout(Duration.ofMillis(300)).header("authorization", "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-4.1-mini", "x"))).build();
            assertThatThrownBy(() -> client.send(req, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
            // a hanging request does not block the server for others
            server.reconfigure(server.config().toBuilder().faults(FaultRates.none()).build());
            assertThat(openAiCall(server, chat("gpt-4.1-mini", "y")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closeEndsHangingRequests() throws Exception {
        FakeLlmServer server = FakeLlmServer.start(
                FakeServerConfig.builder().faults(FaultRates.builder().hang(1).build()).build());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("authorization", "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-4.1-mini", "x"))).build();
        var pending = client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        while (server.requests().isEmpty()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // waiting on real HTTP, not timing it
        }
        server.close();
        assertThatThrownBy(() -> pending.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void latencyDelaysTheAnswer() {
        try (FakeLlmServer server = FakeLlmServer.start(
                FakeServerConfig.builder().latency(LatencyProfile.fixed(Duration.ofMillis(150))).build())) {
            long start = System.nanoTime();
            openAiCall(server, chat("gpt-4.1-mini", "x"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void unknownPathGetsTheProvidersNotFound() {
        try (FakeLlmServer server = FakeLlmServer.start()) {
            HttpResponse<String> r = TestHttp.get(server.baseUrl() + "/v1/nothing");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(json(r).get("error").get("message").asString()).isEqualTo("Invalid URL (GET /v1/nothing)");
        }
    }

    private static String content(String responseBody) {
        return TestHttp.JSON.readTree(responseBody).get("choices").get(0).get("message").get("content").asString();
    }
}
