package io.llmbatch4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigChecksTest {

    @Test
    void eachNamedCheckRecordsItsProblemInCheckOrderAndOneExceptionNamesThemAll() {
        ConfigChecks checks = new ConfigChecks("Thing")
                .notNull("a", null)
                .atLeast("b", 0, 1)
                .atLeast("c", 0.5, 1.0)
                .above("d", 0.0, 0.0)
                .atMost("e", 1.5, 1.0)
                .below("f", 1.0, 1.0)
                .positive("g", Duration.ZERO)
                .notNegative("h", Duration.ofSeconds(-1))
                .positiveOrNull("i", Duration.ofSeconds(-2));
        assertThatThrownBy(checks::throwIfAny).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
            assertThat(e.problems()).containsExactly(
                    "a must not be null (was null)",
                    "b must be greater than or equal to 1 (was 0)",
                    "c must be greater than or equal to 1.0 (was 0.5)",
                    "d must be greater than 0.0 (was 0.0)",
                    "e must be less than or equal to 1.0 (was 1.5)",
                    "f must be less than 1.0 (was 1.0)",
                    "g must be a positive duration (was PT0S)",
                    "h must be zero or a positive duration (was PT-1S)",
                    "i must be positive or null (was PT-2S)");
            assertThat(e.getMessage()).startsWith("Invalid Thing: a must not be null (was null); b must");
        });
    }

    @Test
    void boundaryValuesPassAndNullDurationsFailUnlessOptional() {
        assertThatCode(() -> new ConfigChecks("Thing")
                .notNull("a", "x").atLeast("b", 1, 1).atLeast("c", 1.0, 1.0).above("d", 0.001, 0.0)
                .atMost("e", 1.0, 1.0).below("f", 0.999, 1.0).positive("g", Duration.ofNanos(1))
                .notNegative("h", Duration.ZERO).positiveOrNull("i", null).throwIfAny())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new ConfigChecks("Thing").positive("g", null).notNegative("h", null).throwIfAny())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "g must be a positive duration (was null)", "h must be zero or a positive duration (was null)"));
    }

    @Test
    void notANumberFailsEveryNumericCheck() {
        assertThatThrownBy(() -> new ConfigChecks("Thing").atLeast("c", Double.NaN, 1.0).above("d", Double.NaN, 0.0)
                .atMost("e", Double.NaN, 1.0).below("f", Double.NaN, 1.0).throwIfAny())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).hasSize(4));
    }

    @Test
    void theRecordsCanonicalConstructorChecksAsTheBuilderDoes() {
        ProcessorConfig d = ProcessorConfig.defaults();
        assertThatThrownBy(() -> new ProcessorConfig(0, 0, d.timeoutPerItem(), d.retry(), d.rateLimit(),
                d.observerBufferSize(), d.observerFlushTimeout(), true, null, d.guardrails(), null, 0, false,
                d.postProcessTimeout(), d.postProcessMode(), null, d.hookTimeout(), null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "maxWorkers must be greater than or equal to 1 (was 0)",
                        "scopeLimits must not be null (was null)"));
        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(d.workerCeiling()).isEqualTo(ProcessorConfig.DEFAULT_WORKER_CEILING);
    }

    @Test
    void scopeLimitsAndAdaptiveBoundsAreCheckedAcrossFields() {
        assertThatThrownBy(() -> ProcessorConfig.builder().maxWorkers(20).scopeLimits(java.util.Map.of("m", 0))
                .adaptiveConcurrency(AdaptiveConcurrency.builder().maxWorkers(2000).build()).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "scopeLimits must map non-null keys to limits >= 1 (was m=0)",
                        "adaptiveConcurrency.maxWorkers must be <= workerCeiling (was 2000 > 1024)"));
        assertThatThrownBy(() -> ProcessorConfig.builder().maxWorkers(20)
                .adaptiveConcurrency(AdaptiveConcurrency.builder().minWorkers(2).maxWorkers(10).build()).build())
                .hasMessageContaining("maxWorkers must lie within adaptiveConcurrency's bounds [2, 10] (was 20)");
    }
}
