package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * With Reactor's automatic context propagation on (Spring Boot's
 * {@code spring.reactor.context-propagation=auto}), a strategy's {@code execute} sees the
 * subscriber's thread-locals (MDC, trace ids), whichever thread starts its item.
 */
class ContextPropagationTest {

    private static final String KEY = "llmbatch4j.test.trace";
    private static final ThreadLocal<String> TRACE = new ThreadLocal<>();

    @BeforeAll
    static void enable() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, TRACE::get, TRACE::set, TRACE::remove);
        Hooks.enableAutomaticContextPropagation();
    }

    @AfterAll
    static void disable() {
        Hooks.disableAutomaticContextPropagation();
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @Test
    void itemsStartedFromAReactorTimerThreadSeeTheSubscribersThreadLocals() {
        assertEveryExecuteSeesTheTrace(() -> Mono.delay(Duration.ofMillis(1)).thenReturn(LLMResponse.of("ok")));
    }

    @Test
    void itemsStartedFromAForeignThreadSeeTheSubscribersThreadLocals() {
        assertEveryExecuteSeesTheTrace(() -> Mono.fromFuture(CompletableFuture.supplyAsync(() -> LLMResponse.of("ok"),
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS))));
    }

    /** Most items start on the thread that ended the item before them, not the subscriber's. */
    private static void assertEveryExecuteSeesTheTrace(Supplier<Mono<LLMResponse<String>>> answer) {
        List<String> seenByExecute = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        LLMCallStrategy<String> strategy = (prompt, attempt) -> {
            seenByExecute.add(String.valueOf(TRACE.get()));
            threads.add(Thread.currentThread().getName());
            return answer.get();
        };
        var processor = ParallelBatchProcessor.<String, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(2).workerCeiling(4).build()).build();
        String caller = Thread.currentThread().getName();
        List<WorkItemResult<String, Void>> results = processor.process(
                        Flux.range(0, 40).map(i -> LLMWorkItem.of("i" + i, strategy, "p")))
                .contextWrite(Context.of(KEY, "trace-1"))
                .collectList().block(Duration.ofSeconds(10));

        assertThat(results).hasSize(40).allMatch(WorkItemResult::success);
        assertThat(threads).anyMatch(t -> !t.equals(caller));
        assertThat(seenByExecute).hasSize(40).containsOnly("trace-1");
        assertThat(TRACE.get()).as("nothing leaks into the caller's thread").isNull();
    }
}
