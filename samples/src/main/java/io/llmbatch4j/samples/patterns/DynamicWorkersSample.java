package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.AdaptiveConcurrency;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.Quota;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Dynamic worker scaling: start optimistic with many workers and let the processor find the rate
 * the provider's quota allows. With {@link AdaptiveConcurrency} (AIMD) each burst of 429s halves the
 * worker limit once, and every few successful calls add a worker back; every change is a
 * {@code WorkersChanged} event. This replaces the seed's "count the rate limits after the batch and
 * use fewer workers next time": the limit adapts during the run, in both directions.
 *
 * <p>The provider is the embedded testkit with a tight quota: 10 requests per 250 ms window,
 * 50 ms per call, so about two workers' worth. The sample starts at 16 workers and prints how the
 * limit moved. Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl samples exec:java
 * -Dexec.mainClass=io.llmbatch4j.samples.patterns.DynamicWorkersSample}.
 */
public final class DynamicWorkersSample {

    static final int START_WORKERS = 16;

    /** One change of the worker limit, {@code atMillis} after the run began. */
    public record Change(long atMillis, int previous, int current, String reason) {}

    /**
     * @param rateLimited 429s the processor saw
     * @param firstRateLimitMillis when the first 429 came, after the run began
     * @param changes every AIMD change of the worker limit, in order
     */
    public record Outcome(long items, long succeeded, long rateLimited, long firstRateLimitMillis,
            List<Change> changes) {}

    private DynamicWorkersSample() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.io.llmbatch4j", "warn");
        Outcome o = run(150);
        System.out.printf("%d items, %d succeeded, %d rate limits (the first after %d ms)%n", o.items(),
                o.succeeded(), o.rateLimited(), o.firstRateLimitMillis());
        System.out.println("worker limit over time (started at " + START_WORKERS + "):");
        o.changes().forEach(c -> System.out.printf("  %5d ms  %2d -> %2d  %s%n", c.atMillis(), c.previous(),
                c.current(), c.reason()));
    }

    /** Starts the fake provider with a tight quota and sends {@code count} tickets. */
    public static Outcome run(int count) {
        FakeServerConfig fakeConfig = FakeServerConfig.builder().latency(LatencyProfile.fixed(Duration.ofMillis(50)))
                .quota(Quota.of(10, 0, Duration.ofMillis(250))).build();
        try (FakeLlmServer fake = FakeLlmServer.start(fakeConfig); HttpTransport transport = HttpTransport.create()) {
            ChatStrategy reply = ChatStrategy.builder(OpenAiChatClient.create(transport, ProviderConfig.openAi()
                    .baseUrl(fake.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY).build()), "gpt-4.1-mini")
                    .systemPrompt("Reply to the support ticket.").maxOutputTokens(60).build();
            List<LLMWorkItem<String, Void>> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                items.add(LLMWorkItem.of("ticket-" + i, reply, SampleTickets.text(i) + " (#" + i + ")"));
            }
            ProcessorConfig config = ProcessorConfig.builder().maxWorkers(START_WORKERS)
                    .timeoutPerItem(Duration.ofSeconds(10))
                    .adaptiveConcurrency(AdaptiveConcurrency.builder().minWorkers(1).maxWorkers(START_WORKERS)
                            .successesBeforeIncrease(5).build())
                    // a short fallback pause, no slow start: here the AIMD alone sets the pace
                    .rateLimit(RateLimitConfig.builder().cooldown(Duration.ofMillis(100))
                            .slowStartInitialFraction(1.0).build())
                    .retry(RetryConfig.builder().maxRateLimitRetries(50).build()).build();
            Timeline timeline = new Timeline();
            BatchResult<String, Void> result;
            ProcessorStats stats;
            try (ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                    .config(config).observer(timeline).build()) {
                result = processor.processAll(items).block(Duration.ofMinutes(1));
                stats = processor.stats();
            }
            return new Outcome(result.total(), result.succeeded(), stats.rateLimitCount(),
                    timeline.firstRateLimitMillis, List.copyOf(timeline.changes));
        }
    }

    /** Records the worker changes and the first rate limit, relative to the run's start. */
    private static final class Timeline implements ProcessingObserver {
        final List<Change> changes = new CopyOnWriteArrayList<>();
        volatile Instant start = Instant.EPOCH;
        volatile long firstRateLimitMillis = -1;

        @Override
        public void onEvent(ProcessingEvent event) {
            if (event instanceof ProcessingEvent.BatchStarted s) {
                start = s.time();
            } else if (event instanceof ProcessingEvent.RateLimited r && firstRateLimitMillis < 0) {
                firstRateLimitMillis = millis(r.time());
            } else if (event instanceof ProcessingEvent.WorkersChanged w && w.reason().startsWith("aimd")) {
                changes.add(new Change(millis(w.time()), w.previous(), w.current(), w.reason()));
            }
        }

        private long millis(Instant t) {
            return Duration.between(start, t).toMillis();
        }
    }
}
