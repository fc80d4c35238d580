package io.llmbatch4j.middleware;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.core.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Runs items through a real processor on virtual time. */
final class Runs {

    private Runs() {}

    /** Answers {@code script(prompt, callNumberOfThatItem)} after {@code delay}; counts calls per item. */
    static final class Counting implements LLMCallStrategy<String> {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        private final VirtualTimeScheduler vts;
        private final Duration delay;
        private final BiFunction<String, Integer, Mono<LLMResponse<String>>> script;

        Counting(VirtualTimeScheduler vts, Duration delay, BiFunction<String, Integer, Mono<LLMResponse<String>>> script) {
            this.vts = vts;
            this.delay = delay;
            this.script = script;
        }

        /** "answer to <prompt>", 20 in / 10 out tokens, model m. */
        static Counting answering(VirtualTimeScheduler vts) {
            return new Counting(vts, Duration.ofMillis(100), (prompt, n) ->
                    Mono.just(new LLMResponse<>("answer to " + prompt, TokenUsage.of(20, 10), "m")));
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            total.incrementAndGet();
            int n = calls.computeIfAbsent(attempt.itemId(), k -> new AtomicInteger()).incrementAndGet();
            return Mono.delay(delay, vts).then(Mono.defer(() -> script.apply(prompt, n)));
        }

        int calls(String itemId) {
            AtomicInteger n = calls.get(itemId);
            return n == null ? 0 : n.get();
        }
    }

    static List<LLMWorkItem<String, Void>> items(LLMCallStrategy<String> strategy, int n) {
        return IntStream.range(0, n).mapToObj(i -> LLMWorkItem.of("item-" + i, strategy, "prompt " + i))
                .toList();
    }

    @SafeVarargs
    static BatchResult<String, Void> run(VirtualTimeScheduler vts, int workers, List<LLMWorkItem<String, Void>> items,
            List<ProcessingObserver> observers, Middleware<String, Void>... middleware) {
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(workers)
                .retry(RetryConfig.builder().initialBackoff(Duration.ofSeconds(1)).jitter(0).build())
                .rateLimit(RateLimitConfig.builder().slowStartInitialFraction(1.0).build()).build();
        ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder().config(config)
                .scheduler(vts).eventScheduler(Schedulers.immediate()).middleware(middleware)
                .observer(observers.toArray(ProcessingObserver[]::new)).build();
        @SuppressWarnings("unchecked")
        BatchResult<String, Void>[] out = new BatchResult[1];
        p.processAll(items).subscribe(r -> out[0] = r);
        vts.advanceTimeBy(Duration.ofMinutes(10));
        return out[0];
    }
}
