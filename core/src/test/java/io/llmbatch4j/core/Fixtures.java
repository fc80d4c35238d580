package io.llmbatch4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Shared test helpers: a scripted strategy that records every call, and processor builders. */
final class Fixtures {

    private Fixtures() {}

    /** Fast, deterministic retries: 1 s doubling, no jitter. */
    static RetryConfig.Builder retries() {
        return RetryConfig.builder().initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(60))
                .multiplier(2).jitter(0);
    }

    static ProcessorConfig.Builder config() {
        return ProcessorConfig.builder().retry(retries().build())
                .rateLimit(RateLimitConfig.builder().slowStartInitialFraction(1.0).build());
    }

    static <T> ParallelBatchProcessor.Builder<T, Void> processor(VirtualTimeScheduler vts, ProcessorConfig config) {
        return ParallelBatchProcessor.<T, Void>builder().config(config).scheduler(vts)
                .eventScheduler(Schedulers.immediate());
    }

    static <T> List<LLMWorkItem<T, Void>> items(LLMCallStrategy<T> strategy, int n) {
        return IntStream.range(0, n).mapToObj(i -> LLMWorkItem.of("item-" + i, strategy, "prompt " + i))
                .toList();
    }

    /** One recorded call of a {@link ScriptedStrategy}. */
    record Call(String itemId, int attempt, int rateLimitRetries, long atMillis, String prompt) {}

    /**
     * Answers each call with {@code script(itemId, attemptNumber)}; records every call with its
     * virtual time, and the highest number of calls in flight at once.
     */
    static final class ScriptedStrategy implements LLMCallStrategy<String> {
        final VirtualTimeScheduler vts;
        final BiFunction<Call, AtomicInteger, Mono<LLMResponse<String>>> script;
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final List<String> errorsSeen = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();
        final Map<String, AtomicInteger> perItem = new ConcurrentHashMap<>();

        ScriptedStrategy(VirtualTimeScheduler vts, BiFunction<Call, AtomicInteger, Mono<LLMResponse<String>>> script) {
            this.vts = vts;
            this.script = script;
        }

        /** Every call answers "ok:<prompt>" after {@code delay}. */
        static ScriptedStrategy delayed(VirtualTimeScheduler vts, Duration delay) {
            return new ScriptedStrategy(vts, (call, n) -> Mono.delay(delay, vts)
                    .thenReturn(new LLMResponse<>("ok:" + call.prompt(), TokenUsage.of(10, 5), "model-a")));
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            Call call = new Call(attempt.itemId(), attempt.number(), attempt.rateLimitRetries(), vts.now(
                    java.util.concurrent.TimeUnit.MILLISECONDS), prompt);
            calls.add(call);
            AtomicInteger count = perItem.computeIfAbsent(attempt.itemId(), k -> new AtomicInteger());
            count.incrementAndGet();
            return Mono.defer(() -> {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                return script.apply(call, count);
            }).doOnSuccess(v -> inFlight.decrementAndGet()).doOnError(e -> inFlight.decrementAndGet())
                    .doOnCancel(() -> {
                        inFlight.decrementAndGet();
                        cancelled.incrementAndGet();
                    });
        }

        @Override
        public Mono<Void> onError(Throwable error, Attempt attempt) {
            errorsSeen.add(attempt.itemId() + "#" + attempt.number() + ":" + error.getClass().getSimpleName());
            return Mono.empty();
        }

        List<Long> callTimes(String itemId) {
            List<Long> times = new ArrayList<>();
            for (Call c : calls) {
                if (c.itemId().equals(itemId)) {
                    times.add(c.atMillis());
                }
            }
            return Collections.unmodifiableList(times);
        }
    }
}
