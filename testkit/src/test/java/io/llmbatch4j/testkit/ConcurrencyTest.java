package io.llmbatch4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

class ConcurrencyTest {

    @Test
    void answersThousandsOfConcurrentCallsWithFaultsAndLosesNone() {
        FakeServerConfig config = FakeServerConfig.builder()
                .faults(FaultRates.builder().http500(0.05).http503(0.05).connectionReset(0.02).malformedJson(0.02).build())
                .latency(LatencyProfile.uniform(Duration.ZERO, Duration.ofMillis(5))).build();
        ConnectionProvider pool = ConnectionProvider.builder("test").maxConnections(256)
                .pendingAcquireMaxCount(-1).build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            HttpClient client = HttpClient.create(pool).baseUrl(server.baseUrl())
                    .headers(h -> h.set("authorization", "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY)
                            .set("content-type", "application/json"))
                    .responseTimeout(Duration.ofSeconds(10));
            int n = 3000;
            List<String> outcomes = Flux.range(0, n).flatMap(k -> client.post().uri("/v1/chat/completions")
                    .send(ByteBufFlux.fromString(Mono.just(TestHttp.chat("gpt-4.1-mini", "item " + k))))
                    .responseSingle((res, body) -> body.asString().defaultIfEmpty("").map(b -> outcome(res.status(), b)))
                    .onErrorResume(e -> Mono.just("io-error")), 256)
                    .collectList().block(Duration.ofSeconds(60));

            assertThat(outcomes).hasSize(n);
            Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(o -> o, Collectors.counting()));
            assertThat(counts.get("200-ok")).isGreaterThan(n * 8L / 10);
            assertThat(counts.keySet()).containsOnly("200-ok", "200-malformed", "500", "503", "io-error");
            assertThat(server.requests()).hasSize(n);
        } finally {
            pool.disposeLater().block(Duration.ofSeconds(5));
        }
    }

    private static String outcome(HttpResponseStatus status, String body) {
        if (status.code() != 200) {
            return String.valueOf(status.code());
        }
        try {
            TestHttp.JSON.readTree(body);
            return "200-ok";
        } catch (RuntimeException e) {
            return "200-malformed";
        }
    }
}
