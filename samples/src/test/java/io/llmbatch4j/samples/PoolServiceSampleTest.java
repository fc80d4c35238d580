package io.llmbatch4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolServiceSampleTest {

    @Test
    void aBurstPastMaxPendingIsRejectedAtOnceAndTheRestIsAnsweredWithinTheWorkerBound() {
        PoolServiceSample.Outcome outcome = PoolServiceSample.run(300, 100, 8);

        assertThat(outcome.statuses().keySet()).isSubsetOf(200, 502, 503);
        assertThat(outcome.statuses().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        assertThat(outcome.statuses().getOrDefault(503, 0L)).as("rejected past maxPending").isPositive();
        assertThat(outcome.statuses().getOrDefault(200, 0L)).as("accepted calls answered").isGreaterThanOrEqualTo(90);
        assertThat(outcome.maxInFlightSeen()).isBetween(1, 8);
        assertThat(outcome.providerCalls()).as("every answered call reached the provider")
                .isGreaterThanOrEqualTo(outcome.statuses().getOrDefault(200, 0L));
    }
}
