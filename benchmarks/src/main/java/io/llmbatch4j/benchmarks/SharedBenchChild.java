package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.TokenEstimator;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.core.quota.QuotaKey;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.redis.RedisQuotaStore;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * One JVM of {@link SharedBench}: runs {@code items} tickets through the OpenAI client against the
 * benchmark's testkit server with {@value BudgetBench#WORKERS} workers, its budgets local or shared
 * through Redis, and prints {@code sec <epoch s> <ok> <tokens>} per second and one
 * {@code result <s> <ok> <failed> <requests> <429s> <tokens> <redis calls> <fallbacks> <first> <last>} line
 * (first and last answer in epoch ms).
 * Arguments: baseUrl redisUri|- items rpm tpm learn(true|false) leaseMillis replicas.
 */
public final class SharedBenchChild {

    private SharedBenchChild() {}

    /**
     * Runs one JVM's share of a scenario.
     *
     * @param args baseUrl redisUri|- items rpm tpm learn leaseMillis replicas
     */
    public static void main(String[] args) {
        String baseUrl = args[0];
        String redisUri = args[1];
        int items = Integer.parseInt(args[2]);
        RedisQuotaStore store = redisUri.equals("-") ? null : RedisQuotaStore.builder(redisUri,
                QuotaKey.of("openai", "gpt-4.1-mini", FakeServerConfig.DEFAULT_OPENAI_KEY))
                .leaseTime(Duration.ofMillis(Long.parseLong(args[6]))).expectedReplicas(Integer.parseInt(args[7]))
                .build();
        RateLimitConfig rateLimit = RateLimitConfig.builder().requestsPerMinute(Long.parseLong(args[3]))
                .tokensPerMinute(Long.parseLong(args[4])).learnLimits(Boolean.parseBoolean(args[5]))
                .tokenEstimator(TokenEstimator.charsPerToken4(24)).quotaStore(store).build();
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(BudgetBench.WORKERS)
                .timeoutPerItem(Duration.ofSeconds(30)).rateLimit(rateLimit)
                .retry(RetryConfig.builder().maxRateLimitRetries(10_000).build()).build();
        TreeMap<Long, long[]> perSecond = new TreeMap<>();
        try (HttpTransport transport = HttpTransport.create(TransportConfig.builder()
                     .maxConnections(BudgetBench.WORKERS).build());
             ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder().config(config)
                     .build()) {
            ChatStrategy strategy = ChatStrategy.builder(OpenAiChatClient.create(transport, ProviderConfig.openAi()
                    .baseUrl(baseUrl).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()), "gpt-4.1-mini")
                    .systemPrompt("Label the ticket.").maxOutputTokens(24).build();
            List<LLMWorkItem<String, Void>> work = IntStream.range(0, items).mapToObj(i -> LLMWorkItem.of("t-" + i,
                    strategy, "Ticket " + i + ": I was charged twice for my subscription this month.")).toList();
            long start = System.nanoTime();
            long[] totals = new long[6]; // ok, failed, requests, tokens, first and last answer (epoch ms)
            p.process(reactor.core.publisher.Flux.fromIterable(work)).doOnNext(r -> {
                record(perSecond, totals, r);
            }).blockLast(Duration.ofMinutes(20));
            double seconds = (System.nanoTime() - start) / 1e9;
            perSecond.forEach((sec, v) -> System.out.println("sec " + sec + " " + v[0] + " " + v[1]));
            System.out.printf("result %.3f %d %d %d %d %d %d %d %d %d%n", seconds, totals[0], totals[1], totals[2],
                    p.stats().rateLimitCount(), totals[3], store == null ? 0 : store.redisCalls(),
                    store == null ? 0 : store.fallbacks(), totals[4], totals[5]);
            System.out.flush();
        } finally {
            if (store != null) {
                store.close();
            }
        }
        System.exit(0);
    }

    private static synchronized void record(TreeMap<Long, long[]> perSecond, long[] totals,
            WorkItemResult<String, Void> r) {
        long now = System.currentTimeMillis();
        long sec = now / 1000;
        totals[4] = totals[4] == 0 ? now : totals[4];
        totals[5] = now;
        long[] v = perSecond.computeIfAbsent(sec, k -> new long[2]);
        if (r.success()) {
            v[0]++;
            v[1] += r.usage().total();
            totals[0]++;
        } else {
            totals[1]++;
        }
        totals[2] += r.attempts();
        totals[3] += r.usage().total();
    }
}
