package io.llmbatch4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.quota.QuotaKey;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two stores on one real redis-server stand for two JVMs sharing one quota. */
class RedisQuotaStoreTest extends OneRedisPerClass {

    private static final String API_KEY = "sk-test-secret-0123456789";
    private static RedisQuotaStore store(String bucket) {
        return store(bucket, API_KEY);
    }

    @Test
    void twoProcessorsOnTwoStoresKeepToOneBudget() throws Exception {
        // 6,000 requests/min = 100/s shared; 150 items each: 300 items need ~3 s shared, 1.5 s with a budget each
        ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();
        try (RedisQuotaStore a = store("shared"); RedisQuotaStore b = store("shared");
             ParallelBatchProcessor<String, Void> pa = Runs.processor(6_000, a);
             ParallelBatchProcessor<String, Void> pb = Runs.processor(6_000, b)) {
            CompletableFuture<BatchResult<String, Void>> ra = CompletableFuture.supplyAsync(
                    () -> Runs.run(pa, Runs.items("a-", 150, Runs.instant(calls::add))));
            BatchResult<String, Void> rb = Runs.run(pb, Runs.items("b-", 150, Runs.instant(calls::add)));
            assertThat(ra.get().succeeded() + rb.succeeded()).isEqualTo(300);
            long first = calls.stream().min(Long::compare).orElseThrow();
            long last = calls.stream().max(Long::compare).orElseThrow();
            // at most one block (100 ms = 10 requests) per processor ahead of the schedule
            assertThat(last - first).as("300 calls at a shared 100/s").isGreaterThanOrEqualTo(2_600);
            long redisCalls = a.redisCalls() + b.redisCalls();
            assertThat(redisCalls).as("Redis round trips for 300 reservations").isLessThan(300 / 4);
            assertThat(a.mode()).hasToString("SHARED");
        }
    }

    @Test
    void keysHoldTheKeysFingerprintNeverTheKey() throws Exception {
        try (RedisQuotaStore a = store("keys"); ParallelBatchProcessor<String, Void> p = Runs.processor(6_000, a)) {
            Runs.run(p, Runs.items("k-", 5, Runs.instant(t -> {})));
        }
        String keys = redis.command("KEYS", "*");
        assertThat(keys).contains("llmbatch:{openai:keys:" + QuotaKey.fingerprint(API_KEY) + "}:quota")
                .doesNotContain(API_KEY).doesNotContain("0123456789");
    }

    @Test
    void builderNamesEveryBadFieldAndHidesThePassword() {
        assertThatThrownBy(() -> RedisQuotaStore.builder("http://user:hunter2@host", QuotaKey.of("p", "b", "k"))
                .expectedReplicas(0).blockTime(Duration.ZERO).leaseTime(Duration.ofSeconds(-1))
                .commandTimeout(Duration.ZERO).retryInterval(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("redisUri").hasMessageContaining("expectedReplicas")
                .hasMessageContaining("blockTime").hasMessageContaining("leaseTime")
                .hasMessageContaining("commandTimeout").hasMessageContaining("retryInterval")
                .message().doesNotContain("hunter2");
    }
}
