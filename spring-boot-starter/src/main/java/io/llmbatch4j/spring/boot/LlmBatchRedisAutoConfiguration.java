package io.llmbatch4j.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Binds {@code llmbatch4j.redis.*} when the {@code llmbatch4j-redis} module is on the classpath. The quota
 * wiring (a Redis-shared quota for the pool) is to be finished when that module lands; until then the
 * properties are bound and checked only.
 */
@AutoConfiguration(before = LlmBatchAutoConfiguration.class)
@ConditionalOnClass(name = LlmBatchRedisAutoConfiguration.REDIS_MODULE_CLASS)
@EnableConfigurationProperties(LlmBatchRedisProperties.class)
public class LlmBatchRedisAutoConfiguration {

    /** A class of the redis module; its presence switches this configuration on. */
    static final String REDIS_MODULE_CLASS = "io.llmbatch4j.redis.RedisQuotaStore";

    /** Made by Spring. */
    public LlmBatchRedisAutoConfiguration() {}
}
