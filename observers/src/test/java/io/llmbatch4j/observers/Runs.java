package io.llmbatch4j.observers;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Runs items through a real processor on virtual time, with observers called inline. */
final class Runs {

    private Runs() {}

    /** A strategy answering {@code script(itemId, callNumberOfThatItem)} after 100 ms, describing itself as openai/gpt-x. */
    static LLMCallStrategy<String> strategy(VirtualTimeScheduler vts,
            BiFunction<String, Integer, Mono<LLMResponse<String>>> script) {
        java.util.Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        return new LLMCallStrategy<>() {
            @Override
            public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
                int n = calls.computeIfAbsent(attempt.itemId(), k -> new AtomicInteger()).incrementAndGet();
                return Mono.delay(Duration.ofMillis(100), vts).then(Mono.defer(() -> script.apply(attempt.itemId(), n)));
            }

            @Override
            public CallTarget describe(Attempt attempt) {
                return CallTarget.chat("openai", "gpt-x");
            }
        };
    }

    static List<LLMWorkItem<String, Void>> items(LLMCallStrategy<String> strategy, int n) {
        return IntStream.range(0, n).mapToObj(i -> LLMWorkItem.of("item-" + i, strategy, "prompt " + i))
                .toList();
    }

    static BatchResult<String, Void> run(VirtualTimeScheduler vts, List<LLMWorkItem<String, Void>> items,
            ProcessingObserver... observers) {
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(4)
                .retry(RetryConfig.builder().initialBackoff(Duration.ofSeconds(1)).jitter(0).build())
                .rateLimit(RateLimitConfig.builder().slowStartInitialFraction(1.0).build()).build();
        ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder().config(config)
                .scheduler(vts).eventScheduler(Schedulers.immediate()).observer(observers).build();
        BatchResult<String, Void>[] out = new BatchResult[1];
        p.processAll(items).subscribe(r -> out[0] = r);
        vts.advanceTimeBy(Duration.ofMinutes(10));
        return out[0];
    }
}
