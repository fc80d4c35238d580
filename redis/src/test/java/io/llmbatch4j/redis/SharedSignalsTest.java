package io.llmbatch4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Cooldowns and learned limits travel between two stores (two JVMs' worth) through a real redis-server. */
class SharedSignalsTest extends OneRedisPerClass {

    private static RedisQuotaStore store(String bucket) {
        return store(bucket, "sk-a");
    }

    private static void awaitListening(RedisQuotaStore s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!s.listening() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(s.listening()).as("subscribed to the cooldown channel").isTrue();
    }

    @Test
    void aCooldownStartedInOneStoreReachesTheOtherWithin50ms() throws Exception {
        RecordingSignals here = new RecordingSignals();
        RecordingSignals there = new RecordingSignals();
        try (RedisQuotaStore a = store("cool"); RedisQuotaStore b = store("cool");
             QuotaLedger la = a.open(QuotaLimits.NONE, here, System.nanoTime());
             QuotaLedger lb = b.open(QuotaLimits.NONE, there, System.nanoTime())) {
            awaitListening(a);
            awaitListening(b);
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long sent = System.nanoTime();
                la.cooldownStarted(Duration.ofSeconds(3));
                RecordingSignals.Arrival arrival = there.cooldowns.poll(2, TimeUnit.SECONDS);
                assertThat(arrival).as("cooldown %d arrived", i).isNotNull();
                assertThat(arrival.remaining()).isEqualTo(Duration.ofSeconds(3));
                micros.add((arrival.atNanos() - sent) / 1_000);
            }
            Collections.sort(micros);
            System.out.printf("cooldown propagation over pub/sub: median %d us, max %d us (20 cooldowns)%n",
                    micros.get(10), micros.get(19));
            assertThat(micros.get(19)).as("slowest of 20, in us").isLessThan(50_000);
            assertThat(here.cooldowns).as("a store ignores its own announcements").isEmpty();
            assertThat(a.cooldownsSent()).isEqualTo(20);
            assertThat(b.cooldownsReceived()).isEqualTo(20);
        }
    }

    @Test
    void limitsLearnedInOneStoreReachTheOther() throws Exception {
        try (RedisQuotaStore a = store("learn"); RedisQuotaStore b = store("learn");
             QuotaLedger la = a.open(QuotaLimits.NONE, new RecordingSignals(), System.nanoTime());
             QuotaLedger lb = b.open(QuotaLimits.NONE, new RecordingSignals(), System.nanoTime())) {
            la.learn(new QuotaLimits(600, 90_000, Duration.ZERO));
            long now = System.nanoTime();
            assertThat(la.reserve(1, 10, now, now)).as("learned: the first reservation waits for a lease")
                    .isEqualTo(QuotaLedger.WAIT_FOR_SIGNAL);
            // b knows nothing yet: it goes, and asks Redis what others learned (at most once per retry interval)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!lb.limits().any() && System.nanoTime() < deadline) {
                long t = System.nanoTime();
                lb.reserve(1, 10, t, t);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertThat(lb.limits()).isEqualTo(new QuotaLimits(600, 90_000, Duration.ZERO));
        }
    }
}
