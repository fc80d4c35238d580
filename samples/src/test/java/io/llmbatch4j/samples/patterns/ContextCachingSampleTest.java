package io.llmbatch4j.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContextCachingSampleTest {

    @Test
    void theContextIsCachedOnceReadFromTheCacheByEveryCallAndDeletedAtTheEnd() {
        ContextCachingSample.Outcome o = ContextCachingSample.run(30);

        assertThat(o.answered()).isEqualTo(30);
        long handbookTokens = ContextCachingSample.handbook().length() / 4;
        assertThat(o.usage().cachedInputTokens()).as("every call read the handbook from the cache")
                .isGreaterThanOrEqualTo(30 * handbookTokens);
        assertThat(o.callsCarryingContext()).as("no call sent the handbook itself").isZero();
        assertThat(o.cacheRequests()).hasSize(2);
        assertThat(o.cacheRequests().get(0)).startsWith("POST ").endsWith("/cachedContents");
        assertThat(o.cacheRequests().get(1)).as("the cache is deleted when the run ends")
                .startsWith("DELETE ").contains("/cachedContents/");
        assertThat(o.costUsd()).isPositive().isLessThan(o.uncachedCostUsd() * 0.3);
    }
}
