package io.llmbatch4j.core.tck;

import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.PermanentProviderException;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The Reactive Streams TCK against one call of an {@link LLMCallPool} (a one-element publisher). */
public class PoolCallTckTest extends PublisherVerification<LLMResponse<Integer>> {

    private static final LLMCallStrategy<Integer> ANSWERS_SOON = (prompt, attempt) ->
            Mono.delay(Duration.ofNanos(200_000), Schedulers.parallel()).thenReturn(LLMResponse.of(prompt.length()));

    private static final LLMCallStrategy<Integer> FAILS = (prompt, attempt) ->
            Mono.error(new PermanentProviderException("400 bad request", 400, null));

    private final LLMCallPool pool = LLMCallPool.builder().build();

    public PoolCallTckTest() {
        super(new TestEnvironment(1_000, 200));
    }

    @Override
    public Publisher<LLMResponse<Integer>> createPublisher(long elements) {
        return pool.call(ANSWERS_SOON, "prompt");
    }

    @Override
    public Publisher<LLMResponse<Integer>> createFailedPublisher() {
        return pool.call(FAILS, "prompt");
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }

    @AfterClass
    public void closePool() {
        pool.close();
    }
}
