package io.llmbatch4j.samples;

import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.CallRejectedException;
import io.llmbatch4j.core.LLMCallFailedException;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * An {@link LLMCallPool} behind a reactive HTTP endpoint, the way a WebFlux service would use it:
 * every request to {@code POST /classify} becomes one pooled call, and all requests share the
 * pool's worker bound, cooldown and retries. A burst past {@code maxPending} is answered 503 at
 * once instead of queueing without bound; a call that fails after its retries is answered 502.
 *
 * <p>The "provider" is the embedded testkit server (50-150 ms per call, 5% transient 503s), so the
 * sample needs no API key. Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples
 * exec:java -Dexec.mainClass=io.llmbatch4j.samples.PoolServiceSample}.
 */
public final class PoolServiceSample {

    private PoolServiceSample() {}

    /** What a burst of requests to the endpoint got back, by HTTP status. */
    public record Outcome(Map<Integer, Long> statuses, long providerCalls, int maxInFlightSeen) {}

    public static void main(String[] args) {
        Outcome outcome = run(400, 200, 16);
        System.out.println("HTTP statuses for 400 concurrent requests: " + outcome.statuses());
        System.out.println("calls the provider saw (retries included): " + outcome.providerCalls());
        System.out.println("largest number of calls in flight at once: " + outcome.maxInFlightSeen()
                + " (pool bound 16)");
    }

    /**
     * Starts the fake provider, the pool and the endpoint; sends {@code requests} concurrent
     * requests to the endpoint; shuts everything down.
     */
    public static Outcome run(int requests, int maxPending, int workers) {
        FakeServerConfig fakeConfig = FakeServerConfig.builder()
                .latency(LatencyProfile.uniform(Duration.ofMillis(50), Duration.ofMillis(150)))
                .faults(FaultRates.builder().http503(0.05).build()).build();
        try (FakeLlmServer provider = FakeLlmServer.start(fakeConfig);
             HttpTransport transport = HttpTransport.create()) {
            ChatStrategy classify = ChatStrategy.builder(OpenAiChatClient.create(transport, ProviderConfig.openAi()
                            .baseUrl(provider.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()),
                    "gpt-4.1-mini").systemPrompt("Label the support ticket: billing, bug or other.")
                    .maxOutputTokens(10).build();
            CallPoolConfig poolConfig = CallPoolConfig.builder().maxPending(maxPending)
                    .processor(ProcessorConfig.builder().maxWorkers(workers).timeoutPerItem(Duration.ofSeconds(10))
                            .retry(RetryConfig.builder().initialBackoff(Duration.ofMillis(20)).build()).build())
                    .build();
            InFlight inFlight = new InFlight();
            try (LLMCallPool pool = LLMCallPool.builder().config(poolConfig).observer(inFlight).build()) {
                DisposableServer endpoint = HttpServer.create().host("127.0.0.1").port(0)
                        .route(routes -> routes.post("/classify", (req, res) -> classify(pool, classify, req, res)))
                        .bindNow();
                try {
                    Map<Integer, Long> statuses = burst(endpoint, requests);
                    return new Outcome(statuses, provider.requests().size(), inFlight.max());
                } finally {
                    endpoint.disposeNow();
                }
            }
        }
    }

    private static Mono<Void> classify(LLMCallPool pool, ChatStrategy strategy, HttpServerRequest req,
            HttpServerResponse res) {
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(ticket -> pool.call(strategy, ticket))
                .flatMap(answer -> res.status(HttpResponseStatus.OK).sendString(Mono.just(answer.output())).then())
                .onErrorResume(CallRejectedException.class, e -> res.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                        .sendString(Mono.just("busy, try again later")).then())
                .onErrorResume(LLMCallFailedException.class, e -> res.status(HttpResponseStatus.BAD_GATEWAY)
                        .sendString(Mono.just("model call failed: " + e.kind())).then());
    }

    private static Map<Integer, Long> burst(DisposableServer endpoint, int requests) {
        ConnectionProvider connections = ConnectionProvider.builder("burst").maxConnections(requests)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + endpoint.port());
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        try {
            Flux.range(0, requests)
                .flatMap(i -> client.post().uri("/classify")
                        .send(ByteBufFlux.fromString(Mono.just("Ticket " + i + ": I was charged twice")))
                        .responseSingle((response, body) -> body.then(Mono.just(response.status().code()))),
                        requests)
                .doOnNext(code -> statuses.merge(code, 1L, Long::sum))
                .blockLast(Duration.ofMinutes(2));
        } finally {
            connections.disposeLater().block(Duration.ofSeconds(10));
        }
        return new TreeMap<>(statuses);
    }

    /** Tracks how many pooled calls run at once, from the pool's own events. */
    private static final class InFlight implements ProcessingObserver {
        private final AtomicLong now = new AtomicLong();
        private final AtomicLong max = new AtomicLong();

        @Override
        public void onEvent(ProcessingEvent event) {
            if (event instanceof ProcessingEvent.AttemptStarted) {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
            } else if (event instanceof ProcessingEvent.AttemptEnded) {
                now.decrementAndGet();
            }
        }

        int max() {
            return (int) max.get();
        }
    }
}
