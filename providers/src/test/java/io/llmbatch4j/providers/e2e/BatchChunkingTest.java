package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.batch.BatchMode;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchRequest;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.testkit.FakeLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** Chunking by each provider's request-count and byte limits (seed 004 TODO 2), exactly at and one over. */
class BatchChunkingTest {

    private static FakeLlmServer server;
    private static HttpTransport transport;
    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        server = FakeLlmServer.start();
        transport = HttpTransport.create();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    private static Flux<BatchRequest> requests(int n) {
        return Flux.range(0, n).map(i -> new BatchRequest(String.format("r%05d", i),
                ChatRequest.of("gpt-4.1-mini", null, "q" + i % 10)));
    }

    private List<PreparedBatch> prepare(BatchProvider provider, int n) {
        return provider.preparePayloads("gpt-4.1-mini", BatchMode.CHAT, requests(n)).collectList().block();
    }

    @Test
    void exactlyMaxRequestsMakeOneBatchAndOneMoreMakesTwo() {
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b.maxRequests(3));
        assertThat(prepare(provider, 3)).extracting(PreparedBatch::requestCount).containsExactly(3);
        assertThat(prepare(provider, 4)).extracting(PreparedBatch::requestCount).containsExactly(3, 1);
    }

    @Test
    void theRealOpenAiLimitOf50000RequestsSplitsAt50001() {
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b);
        List<PreparedBatch> at = prepare(provider, 50_000);
        assertThat(at).extracting(PreparedBatch::requestCount).containsExactly(50_000);
        at.forEach(PreparedBatch::close);
        List<PreparedBatch> over = prepare(provider, 50_001);
        assertThat(over).extracting(PreparedBatch::requestCount).containsExactly(50_000, 1);
        assertThat(over.get(1).customIds()).containsExactly("r50000");
        over.forEach(PreparedBatch::close);
    }

    @Test
    void aChunkFillsExactlyToTheByteLimitAndOneByteLessSplitsIt() throws Exception {
        BatchProvider unbounded = BatchFixtures.openAi(transport, server, temp, b -> b);
        PreparedBatch one = prepare(unbounded, 4).get(0);
        long exact = Files.size(one.payload());
        assertThat(one.bytes()).isEqualTo(exact);
        one.close();
        BatchProvider atLimit = BatchFixtures.openAi(transport, server, temp, b -> b.maxBytes(exact));
        assertThat(prepare(atLimit, 4)).extracting(PreparedBatch::requestCount).containsExactly(4);
        BatchProvider underLimit = BatchFixtures.openAi(transport, server, temp, b -> b.maxBytes(exact - 1));
        List<PreparedBatch> split = prepare(underLimit, 4);
        assertThat(split).extracting(PreparedBatch::requestCount).containsExactly(3, 1);
        for (PreparedBatch p : split) {
            assertThat(Files.size(p.payload())).isEqualTo(p.bytes()).isLessThanOrEqualTo(exact - 1);
            assertThat(Files.readAllLines(p.payload())).hasSize(p.requestCount());
        }
    }

    @Test
    void aRequestLargerThanTheByteLimitAloneIsRejectedAndTheOthersStillGo() {
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b.maxBytes(1024));
        Flux<BatchRequest> requests = Flux.just(new BatchRequest("small", ChatRequest.of("gpt-4.1-mini", null, "hi")),
                new BatchRequest("huge", ChatRequest.of("gpt-4.1-mini", null, "x".repeat(5000))));
        List<PreparedBatch> chunks = provider.preparePayloads("gpt-4.1-mini", BatchMode.CHAT, requests).collectList().block();
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).customIds()).containsExactly("small");
        assertThat(chunks.get(0).rejected()).containsOnlyKeys("huge");
        assertThat(chunks.get(0).rejected().get("huge")).contains("maxBytes");
    }

    @Test
    void payloadFilesAreDeletedWhenClosedAndWhenPreparationIsCancelled() throws Exception {
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b.maxRequests(2));
        List<PreparedBatch> chunks = prepare(provider, 5);
        assertThat(chunks).hasSize(3);
        chunks.forEach(PreparedBatch::close);
        provider.preparePayloads("gpt-4.1-mini", BatchMode.CHAT, requests(1000)).take(1)
                .doOnNext(PreparedBatch::close).blockLast();
        try (var files = Files.list(temp)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
