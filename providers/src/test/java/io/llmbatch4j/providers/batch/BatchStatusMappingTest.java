package io.llmbatch4j.providers.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.InvalidConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BatchStatusMappingTest {

    private final BatchStatusMapping mapping = BatchStatusMapping.defaults();

    /** providers.md §6, row by row. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "openai, validating, VALIDATING", "openai, in_progress, IN_PROGRESS", "openai, finalizing, FINALIZING",
            "openai, finalising, FINALIZING", "openai, completed, COMPLETED", "openai, failed, FAILED",
            "openai, expired, EXPIRED", "openai, cancelling, CANCELLING", "openai, cancelled, CANCELLED",
            "anthropic, in_progress, IN_PROGRESS", "anthropic, canceling, CANCELLING", "anthropic, ended, COMPLETED",
            "gemini, BATCH_STATE_PENDING, QUEUED", "gemini, BATCH_STATE_RUNNING, IN_PROGRESS",
            "gemini, BATCH_STATE_SUCCEEDED, COMPLETED", "gemini, BATCH_STATE_FAILED, FAILED",
            "gemini, BATCH_STATE_CANCELLED, CANCELLED", "gemini, BATCH_STATE_EXPIRED, EXPIRED",
            "gemini, JOB_STATE_PENDING, QUEUED", "gemini, JOB_STATE_RUNNING, IN_PROGRESS",
            "gemini, JOB_STATE_SUCCEEDED, COMPLETED", "gemini, JOB_STATE_FAILED, FAILED",
            "gemini, JOB_STATE_CANCELLED, CANCELLED", "gemini, JOB_STATE_EXPIRED, EXPIRED"})
    void mapsEveryDocumentedProviderWord(String section, String word, BatchStatus expected) {
        assertThat(mapping.normalise(section, word)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"openai, paused", "openai, CANCELLED", "anthropic, cancelled", "anthropic, canceled",
            "gemini, BATCH_STATE_UNSPECIFIED", "nosuchprovider, completed"})
    void reportsUnknownWordsAsUnknownInsteadOfGuessing(String section, String word) {
        assertThat(mapping.normalise(section, word)).isEqualTo(BatchStatus.UNKNOWN);
        assertThat(BatchStatus.UNKNOWN.isTerminal()).isFalse();
    }

    @Test
    void terminalStatesAreExactlyCompletedFailedExpiredCancelled() {
        assertThat(java.util.Arrays.stream(BatchStatus.values()).filter(BatchStatus::isTerminal))
                .containsExactly(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.EXPIRED, BatchStatus.CANCELLED);
    }

    @Test
    void overridesAddWordsWithoutDroppingTheBuiltInOnes() {
        BatchStatusMapping custom = mapping.withOverrides(BatchStatusMapping.parse(
                "openai:\n  paused: QUEUED\nvertex:\n  JOB_STATE_PARTIALLY_SUCCEEDED: COMPLETED\n", "test"));
        assertThat(custom.normalise("openai", "paused")).isEqualTo(BatchStatus.QUEUED);
        assertThat(custom.normalise("openai", "completed")).isEqualTo(BatchStatus.COMPLETED);
        assertThat(custom.normalise("vertex", "JOB_STATE_PARTIALLY_SUCCEEDED")).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void refusesValuesThatAreNoStatusNamingTheWordAndValue() {
        assertThatThrownBy(() -> BatchStatusMapping.parse("openai:\n  done: FINISHED\n  odd: UNKNOWN\n", "my.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("my.yaml")
                .hasMessageContaining("openai.done").hasMessageContaining("FINISHED")
                .hasMessageContaining("openai.odd");
    }
}
