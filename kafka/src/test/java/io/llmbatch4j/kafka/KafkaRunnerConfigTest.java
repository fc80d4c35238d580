package io.llmbatch4j.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaRunnerConfigTest {

    private static KafkaRunnerConfig.Builder valid() {
        return KafkaRunnerConfig.builder().bootstrapServers("127.0.0.1:9092").inputTopic("in").outputTopic("out")
                .groupId("g");
    }

    @Test
    void aValidConfigHasTheDocumentedDefaults() {
        KafkaRunnerConfig config = valid().build();
        assertThat(config.deadLetterTopic()).isEqualTo("in.dlq");
        assertThat(config.maxInFlight()).isEqualTo(KafkaRunnerConfig.DEFAULT_MAX_IN_FLIGHT);
        assertThat(config.drainTimeout()).isEqualTo(KafkaRunnerConfig.DEFAULT_DRAIN_TIMEOUT);
        assertThat(config.autoOffsetReset()).isEqualTo("earliest");
    }

    @Test
    void buildNamesEveryBadFieldWithItsValue() {
        assertThatThrownBy(() -> KafkaRunnerConfig.builder().inputTopic("t").outputTopic("t").deadLetterTopic("t")
                .maxInFlight(0).commitInterval(Duration.ZERO).drainTimeout(Duration.ofMinutes(6))
                .pollTimeout(Duration.ofSeconds(2)).autoOffsetReset("none").consumerProperty("enable.auto.commit", "true")
                .producerProperty("acks", "1").build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bootstrapServers must not be blank")
                .hasMessageContaining("outputTopic must not be blank nor the input topic (was t)")
                .hasMessageContaining("deadLetterTopic must not be blank nor the input or output topic (was t)")
                .hasMessageContaining("groupId must not be blank")
                .hasMessageContaining("maxInFlight must be between 1 and 1000000 (was 0)")
                .hasMessageContaining("commitInterval must be positive (was PT0S)")
                .hasMessageContaining("drainTimeout must be positive and under max.poll.interval.ms (300000 ms) (was PT6M)")
                .hasMessageContaining("pollTimeout must be positive and at most 1 s (was PT2S)")
                .hasMessageContaining("autoOffsetReset must be earliest or latest (was none)")
                .hasMessageContaining("consumerProperties must not set what the runner owns (was [enable.auto.commit])")
                .hasMessageContaining("producerProperties must not set what the runner owns (was [acks])");
    }

    @Test
    void toStringShowsExtraPropertiesByNameOnly() {
        String secret = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cr3t\";";
        KafkaRunnerConfig config = valid().consumerProperty("sasl.jaas.config", secret)
                .producerProperty("sasl.jaas.config", secret).build();
        assertThat(config.toString()).contains("sasl.jaas.config").doesNotContain("s3cr3t");
        assertThat(config.consumerProperties()).containsEntry("sasl.jaas.config", secret);
    }

    @Test
    void aProcessorThatRefusesDuplicateIdsIsRefused() {
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = ParallelBatchProcessor
                .<String, RecordContext<Void>>builder().config(ProcessorConfig.builder().detectDuplicateIds(true).build())
                .build()) {
            assertThatThrownBy(() -> KafkaBatchRunner.builder(valid().build(), processor,
                    RecordMapper.json(new TestStrategies.Echo(Duration.ZERO))).build())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("processor.detectDuplicateIds must be false");
        }
    }
}
