package io.llmbatch4j.middleware;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A process for {@link JournalCrashTest} to kill: journals {@code args[1]} items into {@code args[0]}, 20 ms each. */
public final class JournalCrashChild {

    private JournalCrashChild() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        LLMCallStrategy<String> strategy = (prompt, attempt) -> Mono.delay(Duration.ofMillis(20))
                .thenReturn(LLMResponse.of("answer to " + prompt));
        try (JournalMiddleware<String, Void> journal = JournalMiddleware.<String, Void>builder(file, String.class)
                .build();
             ParallelBatchProcessor<String, Void> p = ParallelBatchProcessor.<String, Void>builder()
                     .config(ProcessorConfig.builder().maxWorkers(4).build()).middleware(journal).build()) {
            p.process(Flux.fromStream(IntStream.range(0, n).mapToObj(i ->
                    LLMWorkItem.of("item-" + i, strategy, "prompt " + i)))).blockLast();
        }
    }
}
