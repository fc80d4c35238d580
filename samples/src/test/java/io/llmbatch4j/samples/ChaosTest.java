package io.llmbatch4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * 10,000 items against the testkit with 10% 5xx, 5% 429, 2% resets, 2% malformed bodies and 1%
 * hangs: none lost, none duplicated, at least 99.9% succeed after retries.
 */
class ChaosTest {

    private static final int ITEMS = 10_000;

    @Test
    void tenThousandItemsUnderChaosNoneLostNoneDuplicatedNearlyAllSucceed() {
        FaultRates chaos = FaultRates.builder().http500(0.04).http502(0.03).http503(0.03).rateLimited(0.05)
                .connectionReset(0.02).malformedJson(0.02).hang(0.01).build();
        try (FakeLlmServer server = FakeLlmServer.start(FakeServerConfig.builder().faults(chaos).build());
             HttpTransport transport = HttpTransport.create()) {
            ChatStrategy strategy = ChatStrategy.builder(OpenAiChatClient.create(transport, ProviderConfig.openAi()
                    .baseUrl(server.baseUrl()).apiKey(FakeServerConfig.DEFAULT_OPENAI_KEY)
                    .requestTimeout(Duration.ofSeconds(1)).build()), "gpt-4.1-mini").maxOutputTokens(16).build();
            ProcessorConfig config = ProcessorConfig.builder().maxWorkers(64).timeoutPerItem(Duration.ofSeconds(1))
                    .retry(RetryConfig.builder().maxAttempts(8).initialBackoff(Duration.ofMillis(5))
                            .maxBackoff(Duration.ofMillis(50)).maxRateLimitRetries(20).build())
                    .rateLimit(RateLimitConfig.builder().cooldown(Duration.ofMillis(50))
                            .slowStartInterval(Duration.ofMillis(50)).build())
                    .build();
            Map<String, Integer> seen = new HashMap<>();
            AtomicLong succeeded = new AtomicLong();
            try (ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                    .config(config).build()) {
                processor.process(Flux.range(0, ITEMS).map(i -> LLMWorkItem.of("c-" + i, strategy,
                                "Ticket " + i + ": the export button crashes")))
                        .doOnNext(r -> {
                            seen.merge(r.itemId(), 1, Integer::sum);
                            if (r.success()) {
                                succeeded.incrementAndGet();
                            }
                        })
                        .map(WorkItemResult::itemId)
                        .blockLast(Duration.ofMinutes(5));
                assertThat(processor.stats().rateLimitCount()).as("429s were really injected").isPositive();
                assertThat(processor.stats().retries()).as("faults were really retried").isGreaterThan(ITEMS / 10);
            }
            assertThat(seen).as("none lost").hasSize(ITEMS);
            assertThat(seen.values()).as("none duplicated").allMatch(n -> n == 1);
            assertThat(succeeded.get()).as("succeeded after retries").isGreaterThanOrEqualTo(ITEMS * 999L / 1000);
        }
    }
}
