package io.llmbatch4j.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CostTrackingSampleTest {

    @Test
    void theTotalIsTheSumByModelAndMatchesTheResultsPricedAgain() {
        CostTrackingSample.Outcome o = CostTrackingSample.run(60);

        assertThat(o.succeeded()).isEqualTo(60);
        assertThat(o.totalUsd()).isPositive();
        assertThat(o.byModel()).containsOnlyKeys("gpt-4.1-mini", "claude-haiku-4-5", "gemini-2.5-flash")
                .allSatisfy((model, usd) -> assertThat(usd).as(model).isPositive());
        assertThat(o.byModel().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(o.totalUsd(), within(1e-12));
        assertThat(o.repriced()).isCloseTo(o.totalUsd(), within(1e-9));
        assertThat(o.countedTokens()).isPositive().isEqualTo(o.resultTokens());
    }
}
