package io.llmbatch4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeServerConfigTest {

    @Test
    void defaultsUseTheDocumentedKeysAFreePortAndNoFaults() {
        FakeServerConfig c = FakeServerConfig.defaults();
        assertThat(c.openAiKey()).isEqualTo("test-openai-key").isEqualTo(FakeServerConfig.DEFAULT_OPENAI_KEY);
        assertThat(c.anthropicKey()).isEqualTo("test-anthropic-key");
        assertThat(c.geminiKey()).isEqualTo("test-gemini-key");
        assertThat(c.port()).isZero();
        assertThat(c.faults().total()).isZero();
        assertThat(c.quota().isUnlimited()).isTrue();
        assertThat(c.latency().isNone()).isTrue();
    }

    @Test
    void buildNamesEveryBadField() {
        assertThatThrownBy(() -> FakeServerConfig.builder().openAiKey(" ").port(70_000).latency(null)
                .requestLogLimit(0).modelBehavior("", ModelBehavior.perfect()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openAiKey").hasMessageContaining("port").hasMessageContaining("70000")
                .hasMessageContaining("latency").hasMessageContaining("requestLogLimit")
                .hasMessageContaining("modelBehavior.model");
    }

    @Test
    void faultRatesNameTheBadShareAndRefuseASumAboveOne() {
        assertThatThrownBy(() -> FaultRates.builder().http500(1.5).hang(-0.1).build())
                .hasMessageContaining("faults.http500").hasMessageContaining("faults.hang");
        assertThatThrownBy(() -> FaultRates.builder().http500(0.6).http503(0.6).build())
                .hasMessageContaining("add up to <= 1");
        assertThatThrownBy(() -> FaultRates.builder().set("504", 0.1)).hasMessageContaining("504");
    }

    @Test
    void quotaLatencyAndBehaviorNameTheirFields() {
        assertThatThrownBy(() -> Quota.of(-1, -2, Duration.ZERO)).hasMessageContaining("quota.requestsPerWindow")
                .hasMessageContaining("quota.tokensPerWindow").hasMessageContaining("quota.window");
        assertThatThrownBy(() -> LatencyProfile.uniform(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("latency.uniform.max");
        assertThatThrownBy(() -> new ModelBehavior(0.9, 0.2)).hasMessageContaining("invalidJsonRate + schemaViolationRate");
        assertThatThrownBy(() -> ModelBehavior.invalidJson(2)).hasMessageContaining("modelBehavior.invalidJsonRate");
    }

    @Test
    void toBuilderCopiesEverythingAndToStringHidesTheKeys() {
        FakeServerConfig c = FakeServerConfig.builder().openAiKey("sk-secret-value").seed(9)
                .quota(Quota.of(5, 100, Duration.ofSeconds(1)))
                .modelBehavior("cheap", ModelBehavior.invalidJson(0.3).schemaViolations(0.2)).build();
        FakeServerConfig copy = c.toBuilder().build();
        assertThat(copy).isEqualTo(c);
        assertThat(copy.behaviorOf("cheap")).isEqualTo(new ModelBehavior(0.3, 0.2));
        assertThat(copy.behaviorOf("other")).isEqualTo(ModelBehavior.perfect());
        assertThat(c.toString()).doesNotContain("sk-secret-value");
    }

    @Test
    void longTailLatencyIsDeterministicAndHeavierAboveTheMedian() {
        LatencyProfile p = LatencyProfile.longTail(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(p.delay(0.5, 0.25)).isEqualTo(p.delay(0.5, 0.25));
        assertThat(p.delay(0.99, 0.0)).isGreaterThan(Duration.ofMillis(1000));
        assertThat(p.delay(0.01, 0.5)).isLessThan(Duration.ofMillis(100));
    }
}
