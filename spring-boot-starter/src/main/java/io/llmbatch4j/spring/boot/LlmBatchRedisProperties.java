package io.llmbatch4j.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llmbatch4j.redis.*}: bound only when the {@code llmbatch4j-redis} module is on the classpath.
 *
 * @param url the Redis server, e.g. redis://localhost:6379; its password, if any, is never printed
 */
@ConfigurationProperties(prefix = LlmBatchProperties.PREFIX + ".redis")
public record LlmBatchRedisProperties(@Nullable String url) {

    /** {@return the settings without credentials} */
    @Override
    public String toString() {
        return "LlmBatchRedisProperties[url=" + (url == null ? "unset" : url.replaceAll("//[^@/]*@", "//***@")) + "]";
    }
}
