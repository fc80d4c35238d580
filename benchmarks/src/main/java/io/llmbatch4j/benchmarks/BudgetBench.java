package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.TokenEstimator;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.Quota;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code budget}: the proactive RPM/TPM budgets against a provider quota. The testkit enforces
 * {@value #RPS} requests/s and {@value #TPS} tokens/s (fixed one-second windows per key, 429 with
 * retry-after beyond), answers after {@value #LATENCY_MS} ms; the processor runs the OpenAI client
 * through {@link ChatStrategy} with {@value #WORKERS} workers, ten times what the quota needs
 * ({@code RPS x latency} = 20). Each run processes enough items to last at least 30 s. Reports
 * throughput as a share of the quota (requests and tokens the server admitted per second over the
 * run, against R and T) and the share of requests answered 429, with the budgets off (the reactive
 * cooldown alone) and on (set to {@value #HEADROOM} of the quota). A short budgeted warm-up run
 * against its own server comes first and is not reported.
 */
final class BudgetBench {

    static final int RPS = 100;
    static final int TPS = 3_000;
    static final int LATENCY_MS = 200;
    static final int WORKERS = 200;
    static final double HEADROOM = 0.97;

    private BudgetBench() {}

    static void run(double scale) {
        int items = Math.max(200, (int) (3_600 * scale));
        FakeServerConfig serverConfig = FakeServerConfig.builder().requestLogLimit(1)
                .latency(LatencyProfile.fixed(Duration.ofMillis(LATENCY_MS)))
                .quota(Quota.of(RPS, TPS, Duration.ofSeconds(1))).build();
        System.out.printf("budget: quota %d requests/s and %,d tokens/s (1 s windows), latency %d ms, %d workers"
                + " (10x the %d the quota needs), %,d items per run, budgets at %.0f%% of the quota%n", RPS, TPS,
                LATENCY_MS, WORKERS, RPS * LATENCY_MS / 1000, items, HEADROOM * 100);
        // warm-up (JIT, connections, class loading) against its own server, not reported
        try (FakeLlmServer server = FakeLlmServer.start(serverConfig);
             HttpTransport transport = HttpTransport.create(TransportConfig.builder().maxConnections(WORKERS).build())) {
            once(strategy(server, transport), Math.max(100, items / 12), true);
        }
        String modes = System.getProperty("bench.budget.modes", "off,on");
        for (boolean budgets : new boolean[] {false, true}) {
            if (!modes.contains(budgets ? "on" : "off")) {
                continue;
            }
            try (FakeLlmServer server = FakeLlmServer.start(serverConfig);
                 HttpTransport transport = HttpTransport.create(TransportConfig.builder()
                         .maxConnections(WORKERS).build())) {
                report(budgets, once(strategy(server, transport), items, budgets));
            }
        }
    }

    private static ChatStrategy strategy(FakeLlmServer server, HttpTransport transport) {
        OpenAiChatClient client = OpenAiChatClient.create(transport, ProviderConfig.openAi()
                .baseUrl(server.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build());
        return ChatStrategy.builder(client, "gpt-4.1-mini").systemPrompt("Label the ticket.").maxOutputTokens(24).build();
    }

    private static Outcome once(ChatStrategy strategy, int items, boolean budgets) {
        RateLimitConfig.Builder rateLimit = RateLimitConfig.builder();
        if (budgets) {
            rateLimit.requestsPerMinute((long) (RPS * 60 * HEADROOM)).tokensPerMinute((long) (TPS * 60 * HEADROOM))
                    .tokenEstimator(TokenEstimator.charsPerToken4(24));
        }
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(WORKERS).timeoutPerItem(Duration.ofSeconds(30))
                .retry(RetryConfig.builder().maxRateLimitRetries(10_000).build()).rateLimit(rateLimit.build()).build();
        List<LLMWorkItem<String, Void>> work = IntStream.range(0, items).mapToObj(i -> LLMWorkItem.of(
                "t-" + i, strategy, "Ticket " + i + ": I was charged twice for my subscription this month.")).toList();
        try (ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder().config(config)
                .build()) {
            long start = System.nanoTime();
            BatchResult<String, Void> result = p.processAll(work).block();
            double seconds = (System.nanoTime() - start) / 1e9;
            long calls = result.results().stream().mapToLong(WorkItemResult::attempts).sum();
            return new Outcome(seconds, result.succeeded(), result.failed(), calls, p.stats().rateLimitCount(),
                    result.usage().total());
        }
    }

    private record Outcome(double seconds, long succeeded, long failed, long calls, long rateLimited, long tokens) {}

    private static void report(boolean budgets, Outcome o) {
        double rps = o.succeeded() / o.seconds();
        double tps = o.tokens() / o.seconds();
        double share = Math.max(rps / RPS, tps / TPS);
        double share429 = o.calls() == 0 ? 0 : (double) o.rateLimited() / o.calls();
        System.out.printf("budget: budgets %s: %.1f s, %,d ok, %,d failed, %,d requests, %,d answered 429 (%.2f%%);"
                + " %.1f requests/s (%.1f%% of R), %,.0f tokens/s (%.1f%% of T), %.0f tokens/request%n",
                budgets ? "on " : "off", o.seconds(), o.succeeded(), o.failed(), o.calls(), o.rateLimited(),
                share429 * 100, rps, rps / RPS * 100, tps, tps / TPS * 100, (double) o.tokens() / Math.max(1, o.succeeded()));
        if (budgets) {
            System.out.printf("budget: with budgets: %.1f%% of quota (target >= 95%%: %s), %.2f%% 429s (target <= 1%%: %s)%n",
                    share * 100, share >= 0.95 ? "met" : "NOT met", share429 * 100, share429 <= 0.01 ? "met" : "NOT met");
        }
    }
}
