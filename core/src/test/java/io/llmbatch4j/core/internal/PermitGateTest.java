package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.util.RaceTestUtils;

/** The gate's races: a resize against a release, a removal against a grant. */
class PermitGateTest {

    private final Scheduler racer = Schedulers.newParallel("race", 2);

    @AfterEach
    void tearDown() {
        racer.dispose();
    }

    /** Holds its permit until told; counts grants. */
    static final class Waiter implements PermitGate.Waiter {
        final AtomicInteger granted = new AtomicInteger();
        volatile boolean cancelled;

        @Override
        public boolean grant() {
            if (cancelled) {
                return false;
            }
            granted.incrementAndGet();
            return true;
        }
    }

    @Test
    void aResizeRacingAReleaseStrandsNoWaiterAndKeepsTheLimit() {
        for (int round = 0; round < 10_000; round++) {
            PermitGate gate = new PermitGate(2);
            assertThat(gate.tryAcquire()).isTrue();
            assertThat(gate.tryAcquire()).isTrue();
            List<Waiter> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Waiter w = new Waiter();
                waiters.add(w);
                gate.enqueue(w, false);
            }
            int newLimit = 1 + round % 4; // shrink, keep, grow by one, grow by two
            RaceTestUtils.race(racer, () -> gate.setLimit(newLimit), gate::release);
            int granted = waiters.stream().mapToInt(w -> w.granted.get()).sum();
            assertThat(gate.inFlight()).as("limit %d", newLimit).isEqualTo(1 + granted)
                    .isLessThanOrEqualTo(Math.max(2, newLimit));
            if (gate.inFlight() < newLimit) {
                assertThat(gate.waiting()).as("a free permit with a waiter left (limit %d)", newLimit).isZero();
            }
        }
    }

    @Test
    void aWaiterRemovedRacingItsGrantLeaksNoPermit() {
        for (int round = 0; round < 10_000; round++) {
            PermitGate gate = new PermitGate(1);
            assertThat(gate.tryAcquire()).isTrue();
            Waiter w = new Waiter();
            gate.enqueue(w, false);
            RaceTestUtils.race(racer, () -> {
                w.cancelled = true;
                gate.remove(w);
            }, gate::release);
            assertThat(gate.inFlight()).isEqualTo(w.granted.get());
            assertThat(gate.tryAcquire() || w.granted.get() == 1).as("the permit is free or held by the waiter").isTrue();
        }
    }
}
