package io.llmbatch4j.core.tck;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Reactive Streams TCK against {@code process()}'s result publisher (the engine's own
 * operator, not a Reactor one): demand, cancellation, terminal signals and their order. Items
 * answer after a short delay on another thread, so results arrive concurrently with requests.
 * Runs on the JUnit Platform through the TestNG engine.
 */
public class ResultPublisherTckTest extends PublisherVerification<WorkItemResult<Integer, Void>> {

    private static final LLMCallStrategy<Integer> ANSWERS_SOON = (prompt, attempt) ->
            Mono.delay(Duration.ofNanos(200_000), Schedulers.parallel()).thenReturn(LLMResponse.of(prompt.length()));

    private final ParallelBatchProcessor<Integer, Void> processor = ParallelBatchProcessor.<Integer, Void>builder()
            .config(ProcessorConfig.builder().maxWorkers(8).workerCeiling(16).build()).build();

    public ResultPublisherTckTest() {
        super(new TestEnvironment(1_000, 200));
    }

    @Override
    public Publisher<WorkItemResult<Integer, Void>> createPublisher(long elements) {
        int n = elements > 100_000 ? 100_000 : (int) elements; // the TCK's "infinite" case: more than it reads
        return processor.process(Flux.range(0, n).map(i -> LLMWorkItem.of("i" + i, ANSWERS_SOON, "p" + i)));
    }

    @Override
    public Publisher<WorkItemResult<Integer, Void>> createFailedPublisher() {
        return processor.process(Flux.error(new IllegalStateException("the item source failed")));
    }

    @Override
    public long maxElementsFromPublisher() {
        return 100_000;
    }

    @AfterClass
    public void closeProcessor() {
        processor.close();
    }
}
