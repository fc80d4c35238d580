package io.llmbatch4j.kafka;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** Strategies and processors for the runner's tests (no HTTP: the runner is what is tested). */
final class TestStrategies {

    private TestStrategies() {}

    /**
     * Answers {@code "echo:" + prompt} after {@code delay}, recording every prompt it was called
     * with; never answers the prompts in {@code hang}.
     */
    static final class Echo implements LLMCallStrategy<String> {
        /** Calls per prompt. */
        final java.util.Map<String, Integer> calls = new ConcurrentHashMap<>();
        final Set<String> called = calls.keySet();
        private final Duration delay;
        private final Set<String> hang;

        Echo(Duration delay) {
            this(delay, Set.of());
        }

        Echo(Duration delay, Set<String> hang) {
            this.delay = delay;
            this.hang = hang;
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            calls.merge(prompt, 1, Integer::sum);
            if (hang.contains(prompt)) {
                return Mono.never();
            }
            Mono<LLMResponse<String>> answer = Mono.fromSupplier(() -> LLMResponse.of("echo:" + prompt));
            return delay.isZero() ? answer : answer.delaySubscription(delay);
        }
    }

    static <C> ParallelBatchProcessor<String, RecordContext<C>> processor(int workers) {
        return ParallelBatchProcessor.<String, RecordContext<C>>builder()
                .config(ProcessorConfig.builder().maxWorkers(workers).detectDuplicateIds(false)
                        .timeoutPerItem(Duration.ofMinutes(2)).build())
                .build();
    }

    static String json(String id, String prompt) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"" + prompt + "\"}";
    }

    /** {@code item-i} with prompt {@code pi}, for i in [0, n). */
    static java.util.List<String> items(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> json("item-" + i, "p" + i)).toList();
    }
}
