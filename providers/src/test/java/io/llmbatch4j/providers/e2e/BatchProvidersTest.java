package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.batch.BatchHandle;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchItemResult.Outcome;
import io.llmbatch4j.providers.batch.BatchMode;
import io.llmbatch4j.providers.batch.BatchProvider;
import io.llmbatch4j.providers.batch.BatchProviderRegistry;
import io.llmbatch4j.providers.batch.BatchRequest;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.BatchStatus;
import io.llmbatch4j.providers.batch.PreparedBatch;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Each provider's batch life cycle against the testkit: every status on the way and its normalisation, cancel, per-item outcomes. */
class BatchProvidersTest extends BatchTestBase {

    private BatchHandle submit(BatchProvider provider, String model, int n) {
        Flux<BatchRequest> requests = Flux.range(0, n)
                .map(i -> new BatchRequest("c" + i, ChatRequest.of(model, "Be brief.", "question " + i)));
        List<PreparedBatch> chunks = provider.preparePayloads(model, BatchMode.CHAT, requests).collectList().block();
        assertThat(chunks).hasSize(1);
        try (PreparedBatch chunk = chunks.get(0)) {
            return provider.submit(chunk).block();
        }
    }

    private List<BatchSnapshot> pollToEnd(BatchProvider provider, BatchHandle h) {
        List<BatchSnapshot> seen = new ArrayList<>();
        BatchSnapshot s;
        do {
            s = provider.pollStatus(h).block();
            seen.add(s);
        } while (!s.isTerminal() && seen.size() < 20);
        return seen;
    }

    @Test
    void openAiGoesValidatingInProgressFinalizingCompletedAndMapsEveryCustomId() {
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b);
        BatchHandle h = submit(provider, "gpt-4.1-mini", 5);
        assertThat(h.batchId()).startsWith("batch_");
        List<BatchSnapshot> seen = pollToEnd(provider, h);
        assertThat(seen).extracting(BatchSnapshot::status).containsExactly(BatchStatus.IN_PROGRESS,
                BatchStatus.FINALIZING, BatchStatus.COMPLETED);
        assertThat(seen).extracting(BatchSnapshot::providerStatus).containsExactly("in_progress", "finalizing",
                "completed");
        BatchSnapshot done = seen.get(seen.size() - 1);
        assertThat(done.total()).isEqualTo(5);
        assertThat(done.usage().promptTokens()).isPositive();
        List<BatchItemResult> results = provider.fetchResults(h, done).collectList().block();
        assertThat(results).extracting(BatchItemResult::customId).containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.response().text()).isNotBlank();
        });
        assertThat(BatchFixtures.matching(server, "POST", "/v1/files").get(0).header("content-type"))
                .startsWith("multipart/form-data; boundary=");
    }

    @Test
    void openAiExpiryReportsExpiredAndTheExpiredItemsAsExpired() {
        server.reconfigure(server.config().toBuilder().batchExpiredShare(0.4).build());
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b);
        BatchHandle h = submit(provider, "gpt-4.1-mini", 5);
        List<BatchSnapshot> seen = pollToEnd(provider, h);
        BatchSnapshot last = seen.get(seen.size() - 1);
        assertThat(last.status()).isEqualTo(BatchStatus.EXPIRED);
        List<BatchItemResult> results = provider.fetchResults(h, last).collectList().block();
        assertThat(results).hasSize(5);
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.EXPIRED).hasSize(2);
    }

    @Test
    void openAiCancelGoesCancellingThenCancelledWithPartialResults() {
        BatchProvider provider = BatchFixtures.openAi(transport, server, temp, b -> b);
        BatchHandle h = submit(provider, "gpt-4.1-mini", 4);
        assertThat(provider.pollStatus(h).block().status()).isEqualTo(BatchStatus.IN_PROGRESS);
        BatchSnapshot cancelling = provider.cancel(h).block();
        assertThat(cancelling.status()).isEqualTo(BatchStatus.CANCELLING);
        BatchSnapshot cancelled = provider.pollStatus(h).block();
        assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(provider.fetchResults(h, cancelled).collectList().block()).hasSize(2)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED));
    }

    @Test
    void openAiCompatiblesRunUnderTheirOwnPrefixAndNames() {
        BatchProviderRegistry registry = BatchProviderRegistry.discover();
        BatchProvider kluster = registry.get("kluster").create(transport, Fake.openAi(server).build(),
                io.llmbatch4j.providers.batch.BatchProviderConfig.klusterAi().tempDirectory(temp).build());
        BatchHandle h = submit(kluster, "llama-3.1-8b-instant", 2);
        assertThat(h.provider()).isEqualTo("kluster");
        assertThat(pollToEnd(kluster, h).get(2).status()).isEqualTo(BatchStatus.COMPLETED);
        BatchProvider groq = registry.get("groq").create(transport, Fake.openAi(server).build(),
                io.llmbatch4j.providers.batch.BatchProviderConfig.groq().tempDirectory(temp).build());
        server.clearRequests();
        BatchHandle g = submit(groq, "llama-3.1-8b-instant", 2);
        assertThat(g.provider()).isEqualTo("groq");
        assertThat(pollToEnd(groq, g).get(2).status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(server.requests()).as("Groq's paths live under /openai/v1")
                .allSatisfy(r -> assertThat(r.path()).startsWith("/openai/v1/"));
        assertThat(groq.supportsModel("llama-3.1-8b-instant")).isTrue();
        assertThat(groq.supportsModel("no-such-model")).isFalse();
    }

    @Test
    void anthropicGoesInProgressThenEndedAndErroredItemsKeepTheirKind() {
        server.reconfigure(server.config().toBuilder().faults(FaultRates.builder().http500(0.5).build()).build());
        BatchProvider provider = BatchFixtures.anthropic(transport, server, temp);
        BatchHandle h = submit(provider, "claude-sonnet-4-5", 8);
        assertThat(h.batchId()).startsWith("msgbatch_");
        List<BatchSnapshot> seen = pollToEnd(provider, h);
        assertThat(seen).extracting(BatchSnapshot::providerStatus).containsExactly("in_progress", "ended");
        assertThat(seen).extracting(BatchSnapshot::status).containsExactly(BatchStatus.IN_PROGRESS,
                BatchStatus.COMPLETED);
        List<BatchItemResult> results = provider.fetchResults(h, seen.get(1)).collectList().block();
        assertThat(results).hasSize(8);
        List<BatchItemResult> errored = results.stream().filter(r -> r.outcome() == Outcome.ERRORED).toList();
        assertThat(errored).isNotEmpty().allSatisfy(r -> {
            assertThat(r.error().kind()).isEqualTo(ErrorKind.TRANSIENT);
            assertThat(r.rawLine()).contains("\"" + r.customId() + "\"").contains("errored");
        });
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.SUCCEEDED).hasSize(8 - errored.size()).isNotEmpty();
    }

    @Test
    void anthropicCancelEndsCancelledWithCanceledItems() {
        BatchProvider provider = BatchFixtures.anthropic(transport, server, temp);
        BatchHandle h = submit(provider, "claude-sonnet-4-5", 3);
        assertThat(provider.cancel(h).block().status()).isEqualTo(BatchStatus.CANCELLING);
        BatchSnapshot ended = provider.pollStatus(h).block();
        assertThat(ended.providerStatus()).isEqualTo("ended");
        assertThat(ended.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(provider.fetchResults(h, ended).collectList().block())
                .extracting(BatchItemResult::outcome).contains(Outcome.CANCELLED).doesNotContain(Outcome.ERRORED);
    }

    @Test
    void anthropicAllExpiredIsReportedExpired() {
        server.reconfigure(server.config().toBuilder().batchExpiredShare(1.0).build());
        BatchProvider provider = BatchFixtures.anthropic(transport, server, temp);
        BatchHandle h = submit(provider, "claude-sonnet-4-5", 2);
        BatchSnapshot last = pollToEnd(provider, h).get(1);
        assertThat(last.status()).isEqualTo(BatchStatus.EXPIRED);
        assertThat(provider.fetchResults(h, last).collectList().block()).extracting(BatchItemResult::outcome)
                .containsOnly(Outcome.EXPIRED);
    }

    @Test
    void geminiGoesPendingRunningSucceededWithInlineResults() {
        BatchProvider provider = BatchFixtures.gemini(transport, server, temp);
        BatchHandle h = submit(provider, "gemini-2.5-flash", 3);
        assertThat(h.batchId()).startsWith("batches/");
        List<BatchSnapshot> seen = pollToEnd(provider, h);
        assertThat(seen).extracting(BatchSnapshot::status).endsWith(BatchStatus.IN_PROGRESS, BatchStatus.COMPLETED);
        assertThat(seen).extracting(BatchSnapshot::providerStatus).endsWith("BATCH_STATE_RUNNING",
                "BATCH_STATE_SUCCEEDED");
        assertThat(provider.fetchResults(h, seen.get(seen.size() - 1)).collectList().block())
                .extracting(BatchItemResult::customId).containsExactly("c0", "c1", "c2");
    }

    @Test
    void geminiCancelAndExpiryAreTerminalWithoutResults() {
        BatchProvider provider = BatchFixtures.gemini(transport, server, temp);
        BatchHandle h = submit(provider, "gemini-2.5-flash", 2);
        BatchSnapshot cancelled = provider.cancel(h).block();
        assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(provider.fetchResults(h, cancelled).collectList().block()).isEmpty();
        server.reconfigure(server.config().toBuilder().batchExpiredShare(0.5).build());
        BatchHandle expiring = submit(provider, "gemini-2.5-flash", 2);
        List<BatchSnapshot> seen = pollToEnd(provider, expiring);
        assertThat(seen.get(seen.size() - 1).status()).isEqualTo(BatchStatus.EXPIRED);
    }

    @Test
    void theRegistryFindsEveryProviderByNameAndExplicitRegistrationWins() {
        BatchProviderRegistry registry = BatchProviderRegistry.discover();
        assertThat(registry.names()).containsExactlyInAnyOrder("openai", "groq", "kluster", "anthropic", "gemini");
        assertThat(registry.get("anthropic").create(transport, Fake.anthropic(server).build()).name())
                .isEqualTo("anthropic");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.get("vertex"))
                .hasMessageContaining("vertex").hasMessageContaining("gemini");
    }
}
