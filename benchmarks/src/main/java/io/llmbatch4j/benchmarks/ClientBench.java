package io.llmbatch4j.benchmarks;

import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code client}: requests/s of {@link OpenAiChatClient} against the testkit with zero latency at
 * 256 concurrent calls, vs a raw Reactor Netty {@link HttpClient} loop posting the same body
 * bytes with the same headers to the same server in the same JVM, reading the whole answer.
 * The raw loop neither builds the JSON nor parses the answer; the ratio is what our request
 * building, answer parsing, header reading and error mapping cost on top of the HTTP exchange.
 */
final class ClientBench {

    static final int CONCURRENCY = 256;
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 9;

    private ClientBench() {}

    static void run(double scale) {
        int requests = Math.max(CONCURRENCY, (int) (40_000 * scale));
        try (FakeLlmServer server = FakeLlmServer.start(FakeServerConfig.builder().requestLogLimit(1).build());
             HttpTransport transport = HttpTransport.create(TransportConfig.builder()
                     .maxConnections(CONCURRENCY).build())) {
            OpenAiChatClient client = OpenAiChatClient.create(transport, ProviderConfig.openAi()
                    .baseUrl(server.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build());
            ChatRequest request = ChatRequest.builder("gpt-4.1-mini").system("Label the ticket.")
                    .user("I was charged twice for my subscription.").maxOutputTokens(20).build();
            byte[] body = ("{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
                    + "\"Label the ticket.\"},{\"role\":\"user\",\"content\":\"I was charged twice for my "
                    + "subscription.\"}],\"max_completion_tokens\":20}").getBytes(StandardCharsets.UTF_8);
            ConnectionProvider rawPool = ConnectionProvider.builder("raw-bench").maxConnections(CONCURRENCY)
                    .pendingAcquireMaxCount(-1).build();
            HttpClient raw = HttpClient.create(rawPool).baseUrl(server.baseUrl()).headers(h -> h
                    .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + FakeServerConfig.DEFAULT_OPENAI_KEY)
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
            try {
                for (int i = 0; i < WARMUP_ROUNDS; i++) {
                    raw(raw, body, requests / 2);
                    ours(client, request, requests / 2);
                }
                List<Double> rawRates = new ArrayList<>();
                List<Double> ourRates = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    rawRates.add(raw(raw, body, requests));
                    ourRates.add(ours(client, request, requests));
                }
                double rawMedian = Rounds.median(rawRates);
                double ourMedian = Rounds.median(ourRates);
                System.out.printf("client: %,d requests/round to the testkit (zero latency, same JVM), %d warmup + %d"
                        + " measured rounds alternating, %d concurrent%n", requests, WARMUP_ROUNDS, ROUNDS, CONCURRENCY);
                System.out.printf("client: raw Reactor Netty HttpClient median %,.0f req/s (min %,.0f, max %,.0f)%n",
                        rawMedian, Collections.min(rawRates), Collections.max(rawRates));
                System.out.printf("client: OpenAiChatClient.chat median %,.0f req/s (min %,.0f, max %,.0f)%n",
                        ourMedian, Collections.min(ourRates), Collections.max(ourRates));
                System.out.printf("client: ratio ours/raw = %.2f (target >= 0.8: %s)%n", ourMedian / rawMedian,
                        ourMedian / rawMedian >= 0.8 ? "met" : "NOT met");
            } finally {
                rawPool.dispose();
            }
        }
    }

    private static double raw(HttpClient raw, byte[] body, int requests) {
        AtomicLong ok = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, requests)
                .flatMap(i -> raw.post().uri("/v1/chat/completions")
                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                        .responseSingle((response, content) -> content.asByteArray()
                                .map(bytes -> response.status().code())), CONCURRENCY)
                .doOnNext(status -> {
                    if (status == 200) {
                        ok.incrementAndGet();
                    }
                })
                .blockLast(Duration.ofMinutes(5));
        return Rounds.check(requests, ok.get()) / Rounds.seconds(start);
    }

    private static double ours(OpenAiChatClient client, ChatRequest request, int requests) {
        AtomicLong ok = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, requests)
                .flatMap(i -> client.chat(request), CONCURRENCY)
                .doOnNext(r -> ok.incrementAndGet())
                .blockLast(Duration.ofMinutes(5));
        return Rounds.check(requests, ok.get()) / Rounds.seconds(start);
    }
}
