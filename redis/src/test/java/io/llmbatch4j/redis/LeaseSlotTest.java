package io.llmbatch4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A leased block is a slot of the shared schedule: the blocks of several JVMs follow each other in
 * time, so a JVM that uses its block late (timers firing late on a busy machine) must not spend it
 * in the next JVM's slot. The clock is the ledger's {@code nowNanos}: the test asks "later" without
 * sleeping.
 */
class LeaseSlotTest extends OneRedisPerClass {

    private static final long MS = 1_000_000;

    /** Signals that count the capacity wake-ups (one per Redis reply). */
    private static final class Replies implements QuotaSignals {
        final Semaphore arrived = new Semaphore(0);

        @Override
        public void capacity() {
            arrived.release();
        }

        @Override
        public void cooldown(Duration remaining) {}

        @Override
        public void modeChanged(QuotaMode mode) {}

        void await() throws InterruptedException {
            assertThat(arrived.tryAcquire(5, TimeUnit.SECONDS)).as("Redis answered").isTrue();
        }
    }

    @Test
    void aBlockUsedLateIsNotSpentInTheSlotLeasedToTheNextJvm() throws Exception {
        Replies ra = new Replies();
        Replies rb = new Replies();
        // 100 requests/s: one block = 100 ms = 10 requests, paced 10 ms apart
        QuotaLimits limits = new QuotaLimits(6_000, 0, Duration.ZERO);
        try (RedisQuotaStore a = store("slot", "sk-a"); RedisQuotaStore b = store("slot", "sk-a");
             QuotaLedger la = a.open(limits, ra, System.nanoTime());
             QuotaLedger lb = b.open(limits, rb, System.nanoTime())) {
            long t = System.nanoTime();
            assertThat(la.reserve(1, 0, t, t)).isEqualTo(QuotaLedger.WAIT_FOR_SIGNAL);
            ra.await();
            long t0 = System.nanoTime(); // A's slot started before this: it ends by t0 + 100 ms
            assertThat(lb.reserve(1, 0, t0, t0)).isEqualTo(QuotaLedger.WAIT_FOR_SIGNAL);
            rb.await(); // B's block: the 100 ms after A's
            for (int i = 0; i < 5; i++) {
                long now = t0 + i * 10 * MS;
                assertThat(la.reserve(1, 0, now, now)).as("A's request %d in its slot", i).isEqualTo(QuotaLedger.GO);
            }
            long late = t0 + 130 * MS; // inside B's slot: A's 5 unused requests belong to the past
            assertThat(la.reserve(1, 0, late, t0)).as("A asking after its slot ended").isNotEqualTo(QuotaLedger.GO);
        }
    }

    @Test
    void aHoldKeepsItsBlocksOutOfTheScheduleInsteadOfGrantingThemAgainOnTopOfOthers() throws Exception {
        Replies ra = new Replies();
        Replies rb = new Replies();
        QuotaLimits limits = new QuotaLimits(6_000, 0, Duration.ZERO); // blocks of 100 ms = 10 requests
        try (RedisQuotaStore a = store("hold", "sk-a"); RedisQuotaStore b = store("hold", "sk-a");
             QuotaLedger la = a.open(limits, ra, System.nanoTime());
             QuotaLedger lb = b.open(limits, rb, System.nanoTime())) {
            long t = System.nanoTime();
            la.reserve(1, 0, t, t);
            ra.await(); // A: the first 100 ms
            long t0 = System.nanoTime();
            lb.reserve(1, 0, t0, t0);
            rb.await(); // B: the next 100 ms
            la.hold(t0 + 50 * MS); // A holds (a cooldown), its block unused
            long t1 = System.nanoTime();
            long wait = la.reserve(1, 0, t0 + 60 * MS, t0 + 60 * MS);
            if (wait == QuotaLedger.WAIT_FOR_SIGNAL) {
                ra.await();
                wait = la.reserve(1, 0, t0 + 60 * MS, t0 + 60 * MS);
            }
            // what A may send now or soon must not overlap B's 100 ms: either A's own slot (up to t0 + 100 ms)
            // or a new block after B's (from about t0 + 200 ms); never a block handed back and granted again
            long at = t0 + 60 * MS + (wait == QuotaLedger.GO ? 0 : wait);
            assertThat(at <= t0 + 100 * MS || at >= t1 + 190 * MS)
                    .as("A's next start %d ms after t0 is outside B's slot", (at - t0) / MS).isTrue();
        }
    }
}
