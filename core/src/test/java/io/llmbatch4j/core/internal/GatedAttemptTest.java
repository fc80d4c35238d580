package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.util.RaceTestUtils;
import reactor.util.context.Context;

/** One attempt alone: a permit gate, a recording listener, a {@link TestPublisher} for the call, virtual time. */
class GatedAttemptTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final Scheduler racer = Schedulers.newParallel("race", 2);

    @AfterEach
    void tearDown() {
        racer.dispose();
        vts.dispose();
    }

    /** Records the attempt's signals, in order; the call is whatever the supplier gives. */
    static class Recording implements AttemptListener<String> {
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final Supplier<Mono<String>> call;
        volatile boolean abandoned;

        Recording(Supplier<Mono<String>> call) {
            this.call = call;
        }

        @Override public Mono<String> call() { calls.incrementAndGet(); return call.get(); }
        @Override public void succeeded(String value) { log.add("succeeded " + value); }
        @Override public void failed(Throwable error) { log.add("failed " + error.getClass().getSimpleName()); }
        @Override public void cancelled() { log.add("cancelled"); }
        @Override public void answered(String value) { log.add("answered " + value); }
        @Override public void errored(Throwable error) { log.add("errored"); }
        @Override public boolean abandoned() { return abandoned; }
        @Override public void waiting() { log.add("waiting"); }
        @Override public Context context() { return Context.empty(); }
    }

    private GatedAttempt<String> attempt(Recording r, PermitGate gate) {
        return new GatedAttempt<>(r, gate, null, false, () -> Duration.ofSeconds(10).toNanos(), vts);
    }

    @Test
    void aValueIsRecordedThenDeliveredAndThePermitReturnsOnce() {
        TestPublisher<String> tp = TestPublisher.create();
        PermitGate gate = new PermitGate(1);
        Recording r = new Recording(tp::mono);
        attempt(r, gate).start();
        assertThat(gate.inFlight()).isEqualTo(1);
        tp.emit("a");
        assertThat(r.log).containsExactly("succeeded a", "answered a");
        assertThat(gate.inFlight()).isZero();
        vts.advanceTimeBy(Duration.ofSeconds(11));
        assertThat(r.log).as("the deadline was disposed").hasSize(2);
    }

    @Test
    void errorEmptyAndDeadlineEachFailOnceAndReturnThePermit() {
        for (String how : List.of("error", "empty", "deadline")) {
            TestPublisher<String> tp = TestPublisher.create();
            PermitGate gate = new PermitGate(1);
            Recording r = new Recording(tp::mono);
            attempt(r, gate).start();
            switch (how) {
                case "error" -> tp.error(new IllegalStateException("boom"));
                case "empty" -> tp.complete();
                default -> vts.advanceTimeBy(Duration.ofSeconds(10));
            }
            assertThat(r.log).as(how).containsExactly("failed " + (how.equals("deadline")
                    ? TimeoutException.class.getSimpleName() : IllegalStateException.class.getSimpleName()), "errored");
            assertThat(gate.inFlight()).as(how).isZero();
            if (how.equals("deadline")) {
                tp.assertCancelled();
            }
        }
    }

    @Test
    void aCancelWhileQueuedLeavesTheQueueAndMakesNoCall() {
        PermitGate gate = new PermitGate(1);
        assertThat(gate.tryAcquire()).isTrue();
        Recording r = new Recording(() -> Mono.just("never"));
        GatedAttempt<String> a = attempt(r, gate);
        a.start();
        assertThat(r.log).containsExactly("waiting");
        a.dispose();
        gate.release();
        assertThat(r.calls).hasValue(0);
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void anAttemptAbandonedWhenGrantedReturnsThePermitWithoutACall() {
        PermitGate gate = new PermitGate(1);
        assertThat(gate.tryAcquire()).isTrue();
        Recording r = new Recording(() -> Mono.just("never"));
        attempt(r, gate).start();
        r.abandoned = true;
        gate.release();
        assertThat(r.calls).hasValue(0);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aCallThatThrowsEvenAnErrorFailsTheAttemptOnly() {
        for (Throwable thrown : List.of(new IllegalArgumentException("bad"), new AssertionError("bad"))) {
            PermitGate gate = new PermitGate(1);
            Recording r = new Recording(() -> {
                if (thrown instanceof RuntimeException e) {
                    throw e;
                }
                throw (Error) thrown;
            });
            attempt(r, gate).start();
            assertThat(r.log).containsExactly("failed " + thrown.getClass().getSimpleName(), "errored");
            assertThat(gate.inFlight()).isZero();
        }
    }

    @Test
    void cancelRacingCompletionEndsTheAttemptOnceAndReturnsThePermitOnce() {
        for (int i = 0; i < 2_000; i++) {
            TestPublisher<String> tp = TestPublisher.create();
            PermitGate gate = new PermitGate(1);
            Recording r = new Recording(tp::mono);
            GatedAttempt<String> a = attempt(r, gate);
            a.start();
            RaceTestUtils.race(racer, a::dispose, () -> tp.emit("v"));
            assertThat(List.copyOf(r.log)).isIn(List.of("succeeded v", "answered v"), List.of("cancelled"));
            assertThat(gate.inFlight()).isZero();
            if (r.log.contains("cancelled")) {
                tp.assertCancelled();
            }
        }
    }

    @Test
    void theDeadlineRacingAnAnswerGivesOneTerminal() {
        for (int i = 0; i < 2_000; i++) {
            TestPublisher<String> tp = TestPublisher.create();
            PermitGate gate = new PermitGate(1);
            Recording r = new Recording(tp::mono);
            GatedAttempt<String> a = attempt(r, gate);
            a.start();
            RaceTestUtils.race(racer, () -> a.timedOut(1), () -> tp.emit("v"));
            assertThat(List.copyOf(r.log)).isIn(List.of("succeeded v", "answered v"),
                    List.of("failed TimeoutException", "errored"));
            assertThat(gate.inFlight()).isZero();
        }
    }

    @Test
    void aScopeAndTheWorkerGateAreBothHeldAndBothReturned() {
        PermitGate scope = new PermitGate(1);
        PermitGate gate = new PermitGate(1);
        TestPublisher<String> tp = TestPublisher.create();
        Recording r = new Recording(tp::mono);
        new GatedAttempt<>(r, gate, scope, false, () -> Duration.ofSeconds(10).toNanos(), vts).start();
        assertThat(scope.inFlight()).isEqualTo(1);
        assertThat(gate.inFlight()).isEqualTo(1);
        tp.emit("x");
        assertThat(scope.inFlight()).isZero();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void anItemEndingDuringTheDeliveryReturnsThePermitsBeforeItsOwnerHears() {
        PermitGate gate = new PermitGate(1);
        int[] inFlightWhenOwnerHeard = {-1};
        GatedAttempt<String>[] self = new GatedAttempt[1];
        Recording r = new Recording(() -> Mono.just("v")) {
            @Override
            public void answered(String value) {
                self[0].releaseEarly(); // what Item.publish does before it tells its owner
                self[0].releaseEarly(); // and idempotent
                inFlightWhenOwnerHeard[0] = gate.inFlight();
            }
        };
        self[0] = attempt(r, gate);
        self[0].start();
        assertThat(inFlightWhenOwnerHeard[0]).isZero();
        assertThat(gate.inFlight()).as("returned once, not twice").isZero();
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).as("the limit still holds").isFalse();
    }
}
