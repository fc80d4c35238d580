package io.llmbatch4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.quota.QuotaKey;
import io.llmbatch4j.core.quota.QuotaMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** redis-server killed mid-run and restarted: the run goes on at a local share and shares again. */
class RedisFaultTest {

    private static final int RATE = 50; // requests/s

    @Test
    void redisKilledMidRunFallsBackToALocalShareAndResumesSharing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (RedisServer redis = RedisServer.startOrSkip();
             RedisQuotaStore store = RedisQuotaStore.builder(redis.uri(), QuotaKey.of("openai", "fault", "sk-f"))
                     .expectedReplicas(2).commandTimeout(Duration.ofMillis(100)).retryInterval(Duration.ofMillis(200))
                     .build();
             ParallelBatchProcessor<String, Void> p = Runs.processor(RATE * 60, store)) {
            CompletableFuture<BatchResult<String, Void>> run = CompletableFuture.supplyAsync(
                    () -> Runs.run(p, Runs.items("f-", 220, Runs.instant(t -> calls.incrementAndGet()))));
            await(() -> calls.get() >= 40, "40 calls shared");
            assertThat(store.mode()).isEqualTo(QuotaMode.SHARED);

            redis.kill();
            await(() -> store.mode() == QuotaMode.FALLBACK, "fallback after the kill");
            long t1 = System.nanoTime();
            int c1 = calls.get();
            await(() -> calls.get() >= c1 + 40, "40 calls on the local share");
            double fallbackRate = 40 / ((System.nanoTime() - t1) / 1e9);
            assertThat(fallbackRate).as("calls/s on the local share (quota / 2 replicas = %d/s)", RATE / 2)
                    .isLessThan(RATE / 2 * 1.25);

            redis.start();
            await(() -> store.mode() == QuotaMode.SHARED, "shared again after the restart");
            BatchResult<String, Void> result = run.get(60, TimeUnit.SECONDS);
            assertThat(result.succeeded()).as("no item lost or failed").isEqualTo(220);
            assertThat(store.fallbacks()).isGreaterThanOrEqualTo(1);
            assertThat(store.sharedReservations()).as("reservations served from Redis leases after the restart")
                    .isGreaterThan(40);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: %s", what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
