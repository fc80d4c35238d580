package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.Fixtures.ScriptedStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Item deadline, batch deadline (drain, cancel) and fail-fast, on virtual time. */
class GuardrailsTest {

    private static LLMException transientWithUsage() {
        return new LLMException("503", null, TokenUsage.of(5, 1)) {
            @Override
            public ErrorKind kind() {
                return ErrorKind.TRANSIENT;
            }
        };
    }

    private static <T> AtomicReference<BatchResult<T, Void>> start(ParallelBatchProcessor<T, Void> p,
            List<LLMWorkItem<T, Void>> items) {
        AtomicReference<BatchResult<T, Void>> out = new AtomicReference<>();
        p.processAll(items).subscribe(out::set);
        return out;
    }

    @Test
    void itemDeadlineBoundsAttemptsAndBackoffAndKeepsTheUsageSpent() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts,
                (call, n) -> Mono.delay(Duration.ofSeconds(1), vts).then(Mono.error(transientWithUsage())));
        var p = Fixtures.<String>processor(vts, Fixtures.config().retry(Fixtures.retries().maxAttempts(10).build())
                .totalTimeoutPerItem(Duration.ofSeconds(5)).build()).build();

        var out = start(p, Fixtures.items(strategy, 1));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        WorkItemResult<String, Void> r = out.get().results().get(0);
        assertThat(r.errorKind()).isEqualTo(ErrorKind.ITEM_DEADLINE_EXCEEDED);
        // attempts at 0 s, 2 s (after 1 s backoff), 5 s would be 3 s later: the deadline at 5 s ends it
        assertThat(strategy.callTimes("item-0")).containsExactly(0L, 2000L);
        assertThat(r.usage()).isEqualTo(TokenUsage.of(10, 2));
        assertThat(r.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(out.get().outcome()).isEqualTo(RunOutcome.COMPLETED);
    }

    @Test
    void itemDeadlineCountsTheWaitForAWorker() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(4));
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(1)
                .totalTimeoutPerItem(Duration.ofSeconds(6)).build()).build();

        var out = start(p, Fixtures.items(strategy, 2));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        assertThat(out.get().results().get(0).success()).isTrue();
        WorkItemResult<String, Void> second = out.get().results().get(1);
        assertThat(second.errorKind()).isEqualTo(ErrorKind.ITEM_DEADLINE_EXCEEDED);
        assertThat(second.admissionWait()).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.stats().inFlight()).isZero();
    }

    @Test
    void batchDeadlineDrainLetsRunningCallsFinishAndEndsQueuedItemsWithoutCallingThem() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).guardrails(GuardrailConfig.builder()
                .batchDeadline(Duration.ofSeconds(5)).batchDeadlineMode(BatchDeadlineMode.DRAIN).build()).build())
                .build();

        var out = start(p, Fixtures.items(strategy, 5));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        BatchResult<String, Void> b = out.get();
        assertThat(b.outcome()).isEqualTo(RunOutcome.DEADLINE);
        assertThat(b.results()).extracting(WorkItemResult::errorKind).containsExactly(null, null,
                ErrorKind.BATCH_DEADLINE_EXCEEDED, ErrorKind.BATCH_DEADLINE_EXCEEDED, ErrorKind.BATCH_DEADLINE_EXCEEDED);
        assertThat(strategy.calls).hasSize(2);
        assertThat(b.duration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void batchDeadlineCancelCancelsRunningCallsToo() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = ScriptedStrategy.delayed(vts, Duration.ofSeconds(10));
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).guardrails(GuardrailConfig.builder()
                .batchDeadline(Duration.ofSeconds(5)).batchDeadlineMode(BatchDeadlineMode.CANCEL).build()).build())
                .build();

        var out = start(p, Fixtures.items(strategy, 4));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        BatchResult<String, Void> b = out.get();
        assertThat(b.outcome()).isEqualTo(RunOutcome.DEADLINE);
        assertThat(b.results()).extracting(WorkItemResult::errorKind).containsOnly(ErrorKind.BATCH_DEADLINE_EXCEEDED);
        assertThat(strategy.cancelled).hasValue(2);
        assertThat(b.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.stats().inFlight()).isZero();
    }

    @Test
    void aRetryWaitingInBackoffEndsAtTheBatchDeadline() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.error(transientWithUsage()));
        var p = Fixtures.<String>processor(vts, Fixtures.config()
                .retry(Fixtures.retries().initialBackoff(Duration.ofSeconds(30)).maxBackoff(Duration.ofSeconds(30)).build())
                .guardrails(GuardrailConfig.builder().batchDeadline(Duration.ofSeconds(5)).build()).build()).build();

        var out = start(p, Fixtures.items(strategy, 1));
        vts.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(out.get()).isNotNull();
        assertThat(out.get().results().get(0).errorKind()).isEqualTo(ErrorKind.BATCH_DEADLINE_EXCEEDED);
        assertThat(out.get().results().get(0).usage()).isEqualTo(TokenUsage.of(5, 1));
        assertThat(strategy.calls).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"PERMANENT"})
    void failFastAbortsOnceWhenManyItemsFailAtTheSameMoment(ErrorKind kind) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofSeconds(1), vts)
                .then(Mono.error(new PermanentProviderException("401 invalid api key", 401, null))));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(3)
                .guardrails(GuardrailConfig.builder().failFastOn(Set.of(kind)).build()).build())
                .observer(events::add).build();

        var out = start(p, Fixtures.items(strategy, 10));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        BatchResult<String, Void> b = out.get();
        assertThat(b.outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(b.results()).hasSize(10);
        // the first failure aborts; the two calls failing at the same moment are cancelled by the abort
        assertThat(b.results()).filteredOn(r -> r.errorKind() == ErrorKind.ABORTED).hasSize(9);
        assertThat(b.results()).filteredOn(r -> r.errorKind() == kind).hasSize(1);
        assertThat(strategy.calls).hasSize(3);
        assertThat(events).filteredOn(e -> e instanceof ProcessingEvent.RunAborted).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof ProcessingEvent.ItemFailed).hasSize(10);
    }

    @Test
    void failFastByPredicateOnHttpStatus() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> call.itemId().equals("item-1")
                ? Mono.error(new PermanentProviderException("forbidden", 403, null))
                : Mono.delay(Duration.ofSeconds(5), vts).thenReturn(LLMResponse.of("ok")));
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2).guardrails(GuardrailConfig.builder()
                .failFastWhen(GuardrailConfig.httpStatus(401, 403)).build()).build()).build();

        var out = start(p, Fixtures.items(strategy, 4));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        assertThat(out.get().outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(out.get().results()).extracting(WorkItemResult::errorKind)
                .containsExactly(ErrorKind.ABORTED, ErrorKind.PERMANENT, ErrorKind.ABORTED, ErrorKind.ABORTED);
        assertThat(strategy.cancelled).hasValue(1);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {401, 403, 404})
    void theSetupErrorPresetAbortsOnTheFirstWrongKeyForbiddenOrUnknownModel(int status) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> Mono.delay(Duration.ofSeconds(1), vts)
                .then(Mono.error(new PermanentProviderException("openai " + status + ": no", status, null))));
        List<ProcessingEvent> events = new CopyOnWriteArrayList<>();
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2)
                .guardrails(GuardrailConfig.failFastOnSetupErrors()).build()).observer(events::add).build();

        var out = start(p, Fixtures.items(strategy, 50));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        BatchResult<String, Void> b = out.get();
        assertThat(b.outcome()).isEqualTo(RunOutcome.ABORTED);
        assertThat(strategy.calls).as("only the first calls were made").hasSize(2);
        assertThat(b.results()).filteredOn(r -> r.errorKind() == ErrorKind.ABORTED).hasSize(49)
                .allSatisfy(r -> assertThat(r.error().message()).contains("openai " + status + ": no"));
        assertThat(events).filteredOn(e -> e instanceof ProcessingEvent.RunAborted).hasSize(1);
    }

    @Test
    void theSetupErrorPresetLetsItemErrorsFailOnlyTheirItem() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        ScriptedStrategy strategy = new ScriptedStrategy(vts, (call, n) -> switch (call.itemId()) {
            case "item-0" -> Mono.error(new PermanentProviderException("400 prompt too long", 400, null));
            case "item-1" -> Mono.error(new TransientProviderException("404 from a flaky proxy", 404, null));
            case "item-2" -> Mono.error(new PermanentProviderException("no status", 0, null));
            default -> Mono.delay(Duration.ofSeconds(1), vts).thenReturn(LLMResponse.of("ok"));
        });
        var p = Fixtures.<String>processor(vts, Fixtures.config().maxWorkers(2)
                .retry(Fixtures.retries().maxAttempts(1).build())
                .guardrails(GuardrailConfig.builder().failFastOnSetupErrors().build()).build()).build();

        var out = start(p, Fixtures.items(strategy, 6));
        vts.advanceTimeBy(Duration.ofSeconds(60));

        assertThat(out.get().outcome()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(out.get().results()).extracting(WorkItemResult::errorKind).containsExactly(ErrorKind.PERMANENT,
                ErrorKind.TRANSIENT, ErrorKind.PERMANENT, null, null, null);
        assertThat(GuardrailConfig.failFastOnSetupErrors().failFast()).isTrue();
    }

    @Test
    void invalidGuardrailsNameEveryBadField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuardrailConfig.builder()
                        .batchDeadline(Duration.ofSeconds(-1)).failFastOn(Set.of(ErrorKind.ABORTED)).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("batchDeadline").hasMessageContaining("failFastOn");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessorConfig.builder()
                        .totalTimeoutPerItem(Duration.ZERO).defaultScopeLimit(-1).postProcessTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("totalTimeoutPerItem").hasMessageContaining("defaultScopeLimit")
                .hasMessageContaining("postProcessTimeout");
    }
}
