package io.llmbatch4j.redis;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.quota.QuotaStore;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;

/** Processors whose calls answer at once, so only the budget paces them. */
final class Runs {

    private Runs() {}

    /** A strategy answering "ok" at once and reporting the wall-clock millis of each call to {@code calls}. */
    static LLMCallStrategy<String> instant(LongConsumer calls) {
        return (prompt, attempt) -> Mono.fromSupplier(() -> {
            calls.accept(System.currentTimeMillis());
            return LLMResponse.of("ok");
        });
    }

    static ParallelBatchProcessor<String, Void> processor(long requestsPerMinute, QuotaStore store) {
        RateLimitConfig rateLimit = RateLimitConfig.builder().requestsPerMinute(requestsPerMinute)
                .quotaStore(store).build();
        return ParallelBatchProcessor.<String, Void>builder().config(ProcessorConfig.builder().maxWorkers(50)
                .timeoutPerItem(Duration.ofSeconds(30)).rateLimit(rateLimit).build()).build();
    }

    static List<LLMWorkItem<String, Void>> items(String prefix, int n, LLMCallStrategy<String> strategy) {
        return IntStream.range(0, n).mapToObj(i -> LLMWorkItem.of(prefix + i, strategy, "prompt " + i)).toList();
    }

    static BatchResult<String, Void> run(ParallelBatchProcessor<String, Void> p, List<LLMWorkItem<String, Void>> items) {
        return p.processAll(items).block(Duration.ofSeconds(60));
    }
}
