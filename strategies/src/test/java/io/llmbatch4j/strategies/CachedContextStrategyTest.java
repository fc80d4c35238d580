package io.llmbatch4j.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class CachedContextStrategyTest {

    /** About 2,500 tokens at the fake's 4 characters a token: above every provider's cache minimum used here. */
    private static final String DOCUMENT = IntStream.range(0, 500).mapToObj(i -> "Clause " + i + " applies.")
            .collect(Collectors.joining(" "));
    private static FakeLlmServer server;
    private static HttpTransport transport;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start(FakeServerConfig.builder()
                .latency(LatencyProfile.fixed(Duration.ofMillis(5))).build());
        transport = HttpTransport.create();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    @BeforeEach
    void clear() {
        server.clearRequests();
    }

    private static CachedContextStrategy strategy(String provider, String model) {
        return CachedContextStrategy.builder(Fixtures.client(provider, transport, server), model, DOCUMENT)
                .instructions("Answer from the contract only.").ttl(Duration.ofMinutes(10)).maxOutputTokens(50).build();
    }

    private static long cachedCalls(BatchResult<String, Void> result) {
        return result.results().stream().filter(r -> r.usage().cachedInputTokens() > 0).count();
    }

    @Test
    void geminiCreatesOneCacheBeforeTheFirstCallReferencesItOnEveryCallAndDeletesItAfterTheRun() {
        CachedContextStrategy strategy = strategy("gemini", "gemini-2.5-flash");
        assertThat(strategy.mode()).isEqualTo(CachedContextStrategy.Mode.GEMINI_CACHE);

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(16, 3),
                Fixtures.items(100, strategy, "Which clause covers refunds?"));

        assertThat(result.failed()).isZero();
        List<RecordedRequest> log = server.requests();
        List<RecordedRequest> creates = log.stream().filter(r -> r.method().equals("POST")
                && r.pathWithoutQuery().equals("/v1beta/cachedContents")).toList();
        assertThat(creates).singleElement().satisfies(c -> assertThat(c.body()).contains("\"ttl\":\"600s\"")
                .contains("Clause 499 applies.").contains("Answer from the contract only."));
        assertThat(log.get(0)).isSameAs(creates.get(0));
        List<RecordedRequest> calls = Fixtures.requests(server, ":generateContent");
        assertThat(calls).hasSize(100).allSatisfy(c -> assertThat(c.body()).contains("\"cachedContent\":\"cachedContents/")
                .doesNotContain("Clause 1 applies").doesNotContain("systemInstruction"));
        assertThat(log).filteredOn(r -> r.method().equals("DELETE")).singleElement()
                .satisfies(d -> assertThat(d.path()).startsWith("/v1beta/cachedContents/"));
        assertThat(log.get(log.size() - 1).method()).isEqualTo("DELETE");
        assertThat(cachedCalls(result)).isEqualTo(100);
        assertThat(result.usage().cachedInputTokens()).isGreaterThan(100L * 2_000);
        assertThat(strategy.cacheName()).isNull();
    }

    @Test
    void geminiCacheIsDeletedWhenTheRunIsCancelled() {
        CachedContextStrategy strategy = strategy("gemini", "gemini-2.5-flash");
        List<WorkItemResult<String, Void>> firstFew;
        try (ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                .config(Fixtures.config(4, 1)).build()) {
            firstFew = processor.process(Flux.fromIterable(Fixtures.items(1_000, strategy, "q")))
                    .take(5).collectList().block(Duration.ofSeconds(30));
        }
        assertThat(firstFew).hasSize(5);
        assertThat(Fixtures.eventually(() -> server.requests().stream().anyMatch(r -> r.method().equals("DELETE"))))
                .as("cleanup deleted the cache after cancellation").isTrue();
        assertThat(Fixtures.requests(server, ":generateContent").size()).isLessThan(1_000);
    }

    @Test
    void geminiContextTooSmallToCacheIsSentInlineInstead() {
        CachedContextStrategy strategy = CachedContextStrategy.builder(
                Fixtures.client("gemini", transport, server), "gemini-2.5-flash", "A short note.").build();

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(4, 1), Fixtures.items(5, strategy, "q"));

        assertThat(result.failed()).isZero();
        assertThat(Fixtures.requests(server, ":generateContent")).hasSize(5)
                .allSatisfy(c -> assertThat(c.body()).contains("A short note.").doesNotContain("cachedContent"));
        assertThat(server.requests()).noneMatch(r -> r.method().equals("DELETE"));
    }

    @Test
    void anthropicMarksTheSystemBlockWithCacheControlAndLaterCallsReadTheCache() {
        CachedContextStrategy strategy = strategy("anthropic", "claude-sonnet-4-5");
        assertThat(strategy.mode()).isEqualTo(CachedContextStrategy.Mode.ANTHROPIC_CACHE_CONTROL);

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(4, 3), Fixtures.items(60, strategy, "q"));

        assertThat(result.failed()).isZero();
        assertThat(Fixtures.requests(server, "/v1/messages")).hasSize(60)
                .allSatisfy(c -> assertThat(c.body()).contains("\"cache_control\":{\"type\":\"ephemeral\"}"));
        assertThat(cachedCalls(result)).as("all but the first concurrent writers read the cache")
                .isGreaterThanOrEqualTo(60 - 4);
        assertThat(result.usage().cachedInputTokens()).isGreaterThan(50L * 2_000);
    }

    @Test
    void openAiSendsTheContextAsAStablePrefixThatTheAutomaticCacheServes() {
        CachedContextStrategy strategy = strategy("openai", "gpt-4.1-mini");
        assertThat(strategy.mode()).isEqualTo(CachedContextStrategy.Mode.STABLE_PREFIX);

        BatchResult<String, Void> result = Fixtures.run(Fixtures.config(4, 3), Fixtures.items(60, strategy, "q"));

        assertThat(result.failed()).isZero();
        assertThat(cachedCalls(result)).isGreaterThanOrEqualTo(60 - 4);
        assertThat(result.results()).allSatisfy(r -> assertThat(r.usage().cachedInputTokens())
                .isLessThanOrEqualTo(r.usage().inputTokens()));
    }

    @Test
    void builderRefusesBadValuesNamingEachField() {
        assertThatThrownBy(() -> CachedContextStrategy.builder(Fixtures.client("gemini", transport, server), "", " ")
                .ttl(Duration.ZERO).maxOutputTokens(0).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model must not be blank").hasMessageContaining("context must not be blank")
                .hasMessageContaining("ttl must be at least 1s (was PT0S)")
                .hasMessageContaining("maxOutputTokens must be >= 1 (was 0)");
    }
}
