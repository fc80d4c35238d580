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

    /** Answers {@code "echo:" + prompt} after {@code delay}, recording every prompt it was called with. */
    static final class Echo implements LLMCallStrategy<String> {
        final Set<String> called = ConcurrentHashMap.newKeySet();
        private final Duration delay;

        Echo(Duration delay) {
            this.delay = delay;
        }

        @Override
        public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
            called.add(prompt);
            Mono<LLMResponse<String>> answer = Mono.fromSupplier(() -> LLMResponse.of("echo:" + prompt));
            return delay.isZero() ? answer : answer.delaySubscription(delay);
        }
    }

    static <C> ParallelBatchProcessor<String, RecordContext<C>> processor(int workers) {
        return ParallelBatchProcessor.<String, RecordContext<C>>builder()
                .config(ProcessorConfig.builder().maxWorkers(workers).detectDuplicateIds(false)
                        .timeoutPerItem(Duration.ofSeconds(30)).build())
                .build();
    }

    static String json(String id, String prompt) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"" + prompt + "\"}";
    }
}
