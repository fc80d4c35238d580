package io.llmbatch4j.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelEscalationSampleTest {

    @Test
    void onlyValidationFailuresEscalateAndTheRunCostsLessThanTheBestModelAlone() {
        ModelEscalationSample.Outcome o = ModelEscalationSample.run(80);

        assertThat(o.failed()).isZero();
        assertThat(o.answeredBy().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
        assertThat(o.answeredBy()).as("most answered by the cheapest model, some needed a better one")
                .containsKeys("gpt-4.1-nano", "gpt-4.1");
        assertThat(o.answeredBy().get("gpt-4.1-nano")).isGreaterThan(o.answeredBy().get("gpt-4.1"));
        assertThat(o.escalations()).isPositive();
        assertThat(o.retriesAfterNetworkError()).as("the faults were exercised").isPositive();
        assertThat(o.escalationsAfterNetworkError()).as("a network error never escalates").isZero();
        assertThat(o.escalationUsd()).isPositive().isLessThan(o.alwaysBestUsd() * 0.6);
    }
}
