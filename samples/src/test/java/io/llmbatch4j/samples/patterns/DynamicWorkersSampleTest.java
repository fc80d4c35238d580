package io.llmbatch4j.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.AdaptiveConcurrency;
import io.llmbatch4j.samples.patterns.DynamicWorkersSample.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class DynamicWorkersSampleTest {

    @Test
    void workersDropAfterRateLimitsAndClimbBack() {
        DynamicWorkersSample.Outcome o = DynamicWorkersSample.run(80);

        assertThat(o.succeeded()).isEqualTo(80);
        assertThat(o.rateLimited()).isPositive();
        List<Change> changes = o.changes();
        assertThat(changes).isNotEmpty();
        Change first = changes.get(0);
        assertThat(first.reason()).isEqualTo(AdaptiveConcurrency.REASON_DECREASE);
        assertThat(first.previous()).isEqualTo(DynamicWorkersSample.START_WORKERS);
        assertThat(first.current()).isEqualTo(DynamicWorkersSample.START_WORKERS / 2);
        // the first 429 starts a cooldown and the halving together (its RateLimited event may come a
        // millisecond after the WorkersChanged)
        assertThat(o.firstRateLimitMillis()).isNotNegative();
        assertThat(first.atMillis()).as("the drop comes with the first 429")
                .isBetween(o.firstRateLimitMillis() - 100, o.firstRateLimitMillis() + 100);
        assertThat(changes.stream().filter(c -> c.reason().equals(AdaptiveConcurrency.REASON_DECREASE)).count())
                .as("at most one halving per 429").isLessThanOrEqualTo(o.rateLimited());
        assertThat(changes).as("each change moves the limit from where the last one left it")
                .allSatisfy(c -> assertThat(c.current()).isBetween(1, DynamicWorkersSample.START_WORKERS));
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).previous()).isEqualTo(changes.get(i - 1).current());
        }
        assertThat(changes.stream().mapToInt(Change::current).min().orElseThrow()).as("down towards the quota")
                .isLessThanOrEqualTo(4);
        assertThat(changes.stream().filter(c -> c.reason().equals(AdaptiveConcurrency.REASON_INCREASE)))
                .as("and back up after successes").hasSizeGreaterThanOrEqualTo(3);
        assertThat(changes.get(changes.size() - 1).current()).isGreaterThan(1);
    }
}
