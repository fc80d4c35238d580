package io.llmbatch4j.redis;

import io.llmbatch4j.core.quota.QuotaKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class sharing one real redis-server among its tests, stopped in every outcome. */
abstract class OneRedisPerClass {

    static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.startOrSkip();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    /** A store on the shared server for {@code apiKey}'s quota of {@code bucket} at "openai". */
    static RedisQuotaStore store(String bucket, String apiKey) {
        return RedisQuotaStore.builder(redis.uri(), QuotaKey.of("openai", bucket, apiKey)).build();
    }
}
