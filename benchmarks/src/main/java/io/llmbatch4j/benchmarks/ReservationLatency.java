package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.quota.LocalQuotaLedger;
import io.llmbatch4j.core.quota.QuotaKey;
import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaSignals;
import io.llmbatch4j.redis.RedisQuotaStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The latency a Redis-shared ledger adds per reservation. (1) Amortized: one thread reserving
 * under a quota too large to pace it (blocks of millions), in memory and through Redis. (2) The
 * wait of a reservation that finds no lease: the first reservation of 300 fresh ledgers, from
 * {@code reserve} answering "wait" to the lease's arrival (one {@code EVALSHA} round trip plus the
 * hand-over to a Reactor thread).
 */
final class ReservationLatency {

    private static final QuotaLimits UNPACED = new QuotaLimits(6_000_000_000L, 0, Duration.ZERO);

    private ReservationLatency() {}

    static void run(String redisUri) throws InterruptedException {
        int n = 2_000_000;
        double local = perReservation(new LocalQuotaLedger(UNPACED, System.nanoTime()), n, new Semaphore(0));
        try (RedisQuotaStore store = RedisQuotaStore.builder(redisUri, QuotaKey.of("bench", "latency", "k")).build()) {
            Semaphore signal = new Semaphore(0);
            QuotaLedger ledger = store.open(UNPACED, new Wake(signal), System.nanoTime());
            perReservation(ledger, n / 10, signal); // warm-up: connection, script load, JIT
            long calls = store.redisCalls();
            double shared = perReservation(ledger, n, signal);
            System.out.printf("shared: amortized cost per reservation: in memory %.0f ns, through Redis %.0f ns"
                    + " (%,d Redis calls for %,d reservations)%n", local, shared, store.redisCalls() - calls, n);
            ledger.close();
            long[] waits = new long[300];
            for (int i = 0; i < waits.length; i++) {
                QuotaLedger fresh = store.open(UNPACED, new Wake(signal),
                        System.nanoTime());
                long start = System.nanoTime();
                perReservation(fresh, 1, signal);
                waits[i] = System.nanoTime() - start;
                fresh.close(); // returns its block (else the next ledger's block would wait for this one's 100 ms)
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            Arrays.sort(waits);
            System.out.printf("shared: a reservation without a lease waits for one round trip: p50 %.0f us, p90 %.0f"
                    + " us, p99 %.0f us (300 fresh ledgers)%n",
                    waits[150] / 1e3, waits[270] / 1e3, waits[297] / 1e3);
        }
    }

    /** Mean nanos per reservation over {@code n}. */
    private static double perReservation(QuotaLedger ledger, int n, Semaphore signal) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (true) {
                long now = System.nanoTime();
                long wait = ledger.reserve(1, 0, now, now);
                if (wait == QuotaLedger.GO) {
                    break;
                }
                if (wait == QuotaLedger.WAIT_FOR_SIGNAL) {
                    signal.tryAcquire(1, TimeUnit.SECONDS);
                } else {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        return (System.nanoTime() - start) / (double) n;
    }

    private record Wake(Semaphore signal) implements QuotaSignals {
        @Override
        public void capacity() {
            signal.release();
        }

        @Override
        public void cooldown(Duration remaining) {}
    }
}
