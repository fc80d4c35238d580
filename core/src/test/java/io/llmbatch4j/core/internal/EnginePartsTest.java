package io.llmbatch4j.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LatencySummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnginePartsTest {

    /** A waiter that records its grant. */
    static final class Recorder implements PermitGate.Waiter {
        final String name;
        final List<String> log;
        boolean cancelled;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public boolean grant() {
            if (cancelled) {
                return false;
            }
            log.add(name);
            return true;
        }
    }

    @Test
    void gateGrantsInFifoOrderWithRetriesFirstAndSkipsCancelledWaiters() {
        PermitGate gate = new PermitGate(1);
        List<String> log = new ArrayList<>();
        assertThat(gate.tryAcquire()).isTrue();
        Recorder a = new Recorder("a", log);
        Recorder b = new Recorder("b", log);
        Recorder retry = new Recorder("retry", log);
        gate.enqueue(a, false);
        gate.enqueue(b, false);
        gate.enqueue(retry, true);
        assertThat(gate.tryAcquire()).as("nobody jumps the queue").isFalse();
        a.cancelled = true;
        gate.release();
        assertThat(log).containsExactly("retry");
        gate.release();
        assertThat(log).containsExactly("retry", "b");
        assertThat(gate.inFlight()).isEqualTo(1);
    }

    @Test
    void pausingGrantsNothingUntilResumedAndTheRampCapLimitsGrants() {
        PermitGate gate = new PermitGate(10);
        List<String> log = new ArrayList<>();
        gate.pause();
        assertThat(gate.tryAcquire()).isFalse();
        for (int i = 0; i < 6; i++) {
            gate.enqueue(new Recorder("w" + i, log), false);
        }
        assertThat(log).isEmpty();
        gate.setRampCap(2);
        gate.resume();
        assertThat(log).containsExactly("w0", "w1");
        gate.setRampCap(Integer.MAX_VALUE);
        assertThat(log).hasSize(6);
    }

    @Test
    void gateNeverExceedsItsLimitUnderConcurrentAcquireAndRelease() throws InterruptedException {
        PermitGate gate = new PermitGate(4);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger maxHeld = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    if (gate.tryAcquire()) {
                        maxHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                        held.decrementAndGet();
                        gate.release();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(maxHeld.get()).isLessThanOrEqualTo(4);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void histogramPercentilesAreWithinThreePercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 10_000; i++) {
            h.record(Duration.ofMillis(i).toNanos());
        }
        LatencySummary s = h.summary();
        assertThat(s.count()).isEqualTo(10_000);
        assertThat(s.p50().toMillis()).isBetween(4850L, 5150L);
        assertThat(s.p99().toMillis()).isBetween(9600L, 10_000L);
        assertThat(s.max()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new LatencyHistogram().summary()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void idSetFindsDuplicatesAndStaysCompact() {
        IdFingerprintSet ids = new IdFingerprintSet();
        for (int i = 0; i < 200_000; i++) {
            assertThat(ids.add("ticket-" + i)).isTrue();
        }
        assertThat(ids.add("ticket-123")).isFalse();
        assertThat(ids.add("ticket-200000")).isTrue();
        assertThat(ids.size()).isEqualTo(200_001);
    }

    @Test
    void numberedIdsFindDuplicatesAndDifferentDigitCountsAreDifferentIds() {
        IdSet ids = new IdSet();
        for (int i = 0; i < 300_000; i++) {
            assertThat(ids.add("ticket-" + i)).isTrue();
            assertThat(ids.add(Integer.toString(i))).isTrue();
        }
        assertThat(ids.add("ticket-299999")).isFalse();
        assertThat(ids.add("0")).isFalse();
        assertThat(ids.add("ticket-0299999")).as("7 digits is another id than 6").isTrue();
        assertThat(ids.add("ticket-0299999")).isFalse();
        assertThat(ids.add("ticket-9999999999")).as("10 digits: fingerprinted").isTrue();
        assertThat(ids.add("ticket-9999999999")).isFalse();
        assertThat(ids.add("order-987654321")).as("beyond the bitmap cap: fingerprinted").isTrue();
        assertThat(ids.add("order-987654321")).isFalse();
        assertThat(ids.add("no-number")).isTrue();
        assertThat(ids.add("no-number")).isFalse();
        assertThat(ids.size()).isEqualTo(600_004);
    }

    @Test
    void idsStayFoundWhereTheyWereStoredAfterTheBitmapBudgetRunsOut() {
        IdSet ids = new IdSet(1024);
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int p = 0; p < 40; p++) {
            for (int n = 0; n < 3000; n += 7) {
                String id = "p" + (char) ('a' + p % 26) + p / 26 + "-" + n;
                assertThat(ids.add(id)).as(id).isTrue();
                seen.add(id);
            }
        }
        assertThat(seen).allSatisfy(id -> assertThat(ids.add(id)).as(id).isFalse());
        assertThat(ids.size()).isEqualTo(seen.size());
    }
}
