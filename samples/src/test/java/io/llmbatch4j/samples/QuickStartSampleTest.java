package io.llmbatch4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.WorkItemResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QuickStartSampleTest {

    @Test
    void everyTicketIsClassifiedInInputOrderAfterTransientFailuresAreRetried() {
        BatchResult<String, Integer> result = QuickStartSample.run(200);
        assertThat(result.results()).hasSize(200);
        for (int i = 0; i < 200; i++) {
            WorkItemResult<String, Integer> r = result.results().get(i);
            assertThat(r.itemId()).isEqualTo("ticket-" + i);
            assertThat(r.context()).isEqualTo(i);
        }
        assertThat(result.succeeded()).isEqualTo(200);
        assertThat(result.results()).allSatisfy(r -> assertThat(Arrays.asList(QuickStartSample.CATEGORIES))
                .contains(r.output()));
        assertThat(result.results()).as("some tickets needed a retry").anySatisfy(r ->
                assertThat(r.attempts()).isEqualTo(2));
        assertThat(result.usage().inputTokens()).isPositive();
    }
}
