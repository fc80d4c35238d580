package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.observers.GenAiTracing;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * {@code tracing}: calls/s of one {@link LLMCallPool} against the zero-latency testkit at 256 concurrent
 * calls, untraced ({@code pool.call}) vs traced ({@link GenAiTracing#call} with a traced strategy: an item
 * span and an attempt span per call, under a caller span) on an {@link ObservationRegistry} holding
 * Micrometer Tracing's OpenTelemetry handler (SDK tracer, batch span processor, an exporter that counts and
 * drops). Same pool, same client, same JVM, rounds alternating.
 */
final class TracingBench {

    private static final int CONCURRENCY = 256;
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 9;

    private TracingBench() {}

    static void run(double scale) {
        int calls = Math.max(CONCURRENCY, (int) (40_000 * scale));
        AtomicLong exported = new AtomicLong();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(new CountingExporter(exported)).build()).build();
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(provider.get("bench"), current, event -> {},
                new OtelBaggageManager(current, List.of(), List.of()));
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
        GenAiTracing tracing = GenAiTracing.create(registry);
        try (FakeLlmServer server = FakeLlmServer.start(FakeServerConfig.builder().requestLogLimit(1).build());
             HttpTransport transport = HttpTransport.create(TransportConfig.builder().maxConnections(CONCURRENCY).build());
             LLMCallPool pool = LLMCallPool.builder().config(CallPoolConfig.builder().maxPending(calls)
                     .processor(ProcessorConfig.builder().maxWorkers(CONCURRENCY).build()).build()).build()) {
            ChatStrategy chat = ChatStrategy.builder(OpenAiChatClient.create(transport, ProviderConfig.openAi()
                    .baseUrl(server.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()), "gpt-4.1-mini")
                    .systemPrompt("Label the ticket.").maxOutputTokens(20).build();
            LLMCallStrategy<String> traced = tracing.strategy(chat);
            Function<Integer, Mono<?>> plain = i -> pool.call(chat, "I was charged twice.");
            Function<Integer, Mono<?>> observed = i -> tracing.call(pool, traced, "I was charged twice.");
            // the Observation machinery alone: a registry whose one handler does nothing
            ObservationRegistry bare = ObservationRegistry.create();
            bare.observationConfig().observationHandler(context -> true);
            GenAiTracing bareTracing = GenAiTracing.create(bare);
            LLMCallStrategy<String> bareTraced = bareTracing.strategy(chat);
            Function<Integer, Mono<?>> observedBare = i -> bareTracing.call(pool, bareTraced, "I was charged twice.");
            for (int i = 0; i < WARMUP_ROUNDS; i++) {
                round(plain, calls / 2, null);
                round(observedBare, calls / 2, bare);
                round(observed, calls / 2, registry);
            }
            List<Double> plainRates = new ArrayList<>();
            List<Double> bareRates = new ArrayList<>();
            List<Double> tracedRates = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                plainRates.add(round(plain, calls, null));
                bareRates.add(round(observedBare, calls, bare));
                tracedRates.add(round(observed, calls, registry));
            }
            provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            double p = Rounds.median(plainRates);
            double t = Rounds.median(tracedRates);
            System.out.printf("tracing: %,d calls/round through one LLMCallPool to the testkit (zero latency, same JVM),"
                    + " %d warmup + %d measured rounds alternating, %d concurrent%n", calls, WARMUP_ROUNDS, ROUNDS,
                    CONCURRENCY);
            System.out.printf("tracing: untraced pool.call median %,.0f calls/s (min %,.0f, max %,.0f)%n", p,
                    Collections.min(plainRates), Collections.max(plainRates));
            double b = Rounds.median(bareRates);
            System.out.printf("tracing: observed, a do-nothing handler (Micrometer Observation alone) median %,.0f"
                    + " calls/s (min %,.0f, max %,.0f): loss %.1f%%%n", b, Collections.min(bareRates),
                    Collections.max(bareRates), (1 - b / p) * 100);
            System.out.printf("tracing: traced (item + attempt span, OTel SDK via Micrometer Tracing) median %,.0f"
                    + " calls/s (min %,.0f, max %,.0f); %,d spans exported%n", t, Collections.min(tracedRates),
                    Collections.max(tracedRates), exported.get());
            System.out.printf("tracing: added CPU time per call %.1f us; throughput loss %.1f%% (target <= 5%%: %s)%n",
                    (1 / t - 1 / p) * 1e6, (1 - t / p) * 100, t / p >= 0.95 ? "met" : "NOT met");
        } finally {
            provider.close();
        }
    }

    /** One round; the traced one runs under a caller observation, so its item spans have a parent. */
    private static double round(Function<Integer, Mono<?>> call, int calls, ObservationRegistry registry) {
        AtomicLong ok = new AtomicLong();
        Observation caller = registry == null ? null : Observation.start("bench.round", registry);
        long start = System.nanoTime();
        Flux.range(0, calls).flatMap(call::apply, CONCURRENCY).doOnNext(r -> ok.incrementAndGet())
                .contextWrite(caller == null ? Context.empty() : Context.of("micrometer.observation", caller))
                .blockLast(Duration.ofMinutes(5));
        double rate = Rounds.check(calls, ok.get()) / Rounds.seconds(start);
        if (caller != null) {
            caller.stop();
        }
        return rate;
    }

    /** Counts and drops: the cost of building and batching spans, not of shipping them. */
    private record CountingExporter(AtomicLong count) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            count.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
