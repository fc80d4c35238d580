package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;
import reactor.test.util.RaceTestUtils;

/** A pool call's {@code Mono} ({@link PoolCall}): its answer racing the caller's cancel and the caller's demand. */
class PoolCallTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Scheduler racer = Schedulers.newParallel("race", 2);

    @AfterEach
    void tearDown() {
        racer.dispose();
        vts.dispose();
    }

    @Test
    void aCancelRacingTheAnswerDeliversAtMostOneValueAndFreesTheCall() {
        ItemTest.Calls calls = new ItemTest.Calls();
        try (LLMCallPool pool = LLMCallPool.builder().scheduler(vts).eventScheduler(Schedulers.immediate()).build()) {
            for (int i = 0; i < 2_000; i++) {
                TestSubscriber<LLMResponse<String>> caller = TestSubscriber.create();
                pool.call(calls, "p").subscribe(caller);
                var call = calls.last();
                RaceTestUtils.race(racer, caller::cancel, () -> call.emit(LLMResponse.of("ok")));
                assertThat(caller.getReceivedOnNext().size()).isLessThanOrEqualTo(1);
                assertThat(caller.isTerminatedError()).isFalse();
                assertThat(pool.pending()).isZero();
                assertThat(pool.stats().inFlight()).isZero();
            }
        }
    }

    @Test
    void theCallersFirstDemandRacingTheAnswerDeliversItExactlyOnce() {
        ItemTest.Calls calls = new ItemTest.Calls();
        try (LLMCallPool pool = LLMCallPool.builder().scheduler(vts).eventScheduler(Schedulers.immediate()).build()) {
            for (int i = 0; i < 2_000; i++) {
                TestSubscriber<LLMResponse<String>> caller = TestSubscriber.builder().initialRequest(0).build();
                pool.call(calls, "p").subscribe(caller);
                var call = calls.last();
                RaceTestUtils.race(racer, () -> caller.request(1), () -> call.emit(LLMResponse.of("ok")));
                assertThat(caller.getReceivedOnNext()).hasSize(1);
                assertThat(caller.isTerminatedComplete()).isTrue();
            }
        }
    }
}
