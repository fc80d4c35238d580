package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.CallPoolConfig;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.providers.TransportConfig;
import io.llmbatch4j.spring.boot.LlmBatchProperties.PoolProperties;
import io.llmbatch4j.spring.boot.LlmBatchProperties.ProcessorProperties;
import io.llmbatch4j.spring.boot.LlmBatchProperties.TransportProperties;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** From the bound properties to the library's configs; an unset property keeps the library's default. */
final class Mappings {

    private Mappings() {}

    static TransportConfig transport(TransportProperties p) {
        TransportConfig.Builder b = TransportConfig.builder();
        set(p.maxConnections(), b::maxConnections);
        set(p.pendingAcquireMaxCount(), b::pendingAcquireMaxCount);
        set(p.pendingAcquireTimeout(), b::pendingAcquireTimeout);
        set(p.connectTimeout(), b::connectTimeout);
        set(p.maxIdleTime(), b::maxIdleTime);
        return b.build();
    }

    static CallPoolConfig pool(PoolProperties p) {
        ProcessorConfig.Builder b = processorBuilder(p.maxWorkers(), p.timeoutPerCall(), p.maxAttempts());
        set(p.workerCeiling(), b::workerCeiling);
        long rpm = p.requestsPerMinute() == null ? 0 : p.requestsPerMinute();
        long tpm = p.tokensPerMinute() == null ? 0 : p.tokensPerMinute();
        if (rpm > 0 || tpm > 0) {
            RateLimitConfig.Builder r = RateLimitConfig.builder();
            if (rpm > 0) {
                r.requestsPerMinute(rpm);
            }
            if (tpm > 0) {
                r.tokensPerMinute(tpm);
            }
            b.rateLimit(r.build());
        }
        if (!p.scopeLimits().isEmpty()) {
            b.scopeLimits(p.scopeLimits());
        }
        CallPoolConfig.Builder c = CallPoolConfig.builder().processor(b.build());
        set(p.maxPending(), c::maxPending);
        if (p.submitTimeout() != null) {
            c.submitTimeout(p.submitTimeout());
        }
        return c.build();
    }

    static ProcessorConfig processor(ProcessorProperties p) {
        return processorBuilder(p.maxWorkers(), p.timeoutPerItem(), p.maxAttempts()).build();
    }

    private static ProcessorConfig.Builder processorBuilder(@Nullable Integer maxWorkers, @Nullable Duration timeout,
            @Nullable Integer maxAttempts) {
        ProcessorConfig.Builder b = ProcessorConfig.builder();
        set(maxWorkers, b::maxWorkers);
        set(timeout, b::timeoutPerItem);
        if (maxAttempts != null) {
            b.retry(RetryConfig.builder().maxAttempts(maxAttempts).build());
        }
        return b;
    }

    private static <V> void set(@Nullable V value, Consumer<V> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
