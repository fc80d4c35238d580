package io.llmbatch4j.observers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchDeadlineMode;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.GuardrailConfig;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** After every kind of run end, no call is left counted in flight ({@code llmbatch.in_flight}). */
class InFlightGaugeTest {

    enum End {
        COMPLETED, SUBSCRIBER_CANCELS, PROCESSOR_CLOSED, ITEM_DEADLINE, FAIL_FAST_ABORT, BATCH_DEADLINE_CANCEL,
        BATCH_DEADLINE_DRAIN, SOURCE_ERROR, ATTEMPT_TIMEOUT
    }

    @ParameterizedTest
    @EnumSource(End.class)
    void theInFlightGaugeIsBackToZero(End end) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // item-0 fails for good at 1 s (fail-fast aborts on it); the others answer at 1 h, unless cut short
        var strategy = Runs.strategy(vts, (id, n) -> id.equals("item-0")
                ? Mono.delay(Duration.ofMillis(900), vts).then(Mono.error(new PermanentProviderException("400")))
                : Mono.delay(Duration.ofHours(1), vts).thenReturn(LLMResponse.of("ok")));
        ProcessorConfig.Builder config = ProcessorConfig.builder().maxWorkers(3).timeoutPerItem(Duration.ofHours(2))
                .retry(RetryConfig.builder().maxAttempts(1).build());
        switch (end) {
            case ITEM_DEADLINE -> config.totalTimeoutPerItem(Duration.ofSeconds(5));
            case FAIL_FAST_ABORT -> config.guardrails(GuardrailConfig.builder()
                    .failFastOn(Set.of(ErrorKind.PERMANENT)).build());
            case BATCH_DEADLINE_CANCEL, BATCH_DEADLINE_DRAIN -> config.guardrails(GuardrailConfig.builder()
                    .batchDeadline(Duration.ofSeconds(5)).batchDeadlineMode(end == End.BATCH_DEADLINE_CANCEL
                            ? BatchDeadlineMode.CANCEL : BatchDeadlineMode.DRAIN).build());
            case ATTEMPT_TIMEOUT -> config.timeoutPerItem(Duration.ofSeconds(5));
            default -> { }
        }
        ParallelBatchProcessor<String, Void> processor = ParallelBatchProcessor.<String, Void>builder()
                .config(config.build()).scheduler(vts).eventScheduler(Schedulers.immediate())
                .observer(new MicrometerObserver(registry)).build();
        Flux<LLMWorkItem<String, Void>> items = Flux.fromIterable(Runs.items(strategy, 6));
        if (end == End.SOURCE_ERROR) {
            items = items.concatWith(Mono.delay(Duration.ofSeconds(5), vts).then(Mono.error(new IllegalStateException())));
        }
        Disposable run = processor.process(items).subscribe(r -> { }, e -> { });

        vts.advanceTimeBy(Duration.ofSeconds(2));
        if (end != End.FAIL_FAST_ABORT) { // the abort came at 1 s
            assertThat(registry.get("llmbatch.in_flight").gauge().value()).as("calls running mid-run").isEqualTo(3);
        }
        if (end == End.SUBSCRIBER_CANCELS) {
            run.dispose();
        } else if (end == End.PROCESSOR_CLOSED) {
            processor.closeAsync().subscribe();
        }
        vts.advanceTimeBy(Duration.ofHours(3));

        assertThat(registry.get("llmbatch.in_flight").gauge().value()).isZero();
        assertThat(processor.stats().inFlight()).isZero();
    }
}
