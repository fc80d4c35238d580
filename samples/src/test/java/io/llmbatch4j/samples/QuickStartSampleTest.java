package io.llmbatch4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.WorkItemResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QuickStartSampleTest {

    @Test
    void everyTicketHasAResultInInputOrderAndTransientFailuresAreRetried() {
        BatchResult<String, Integer> result = QuickStartSample.run(200);

        assertThat(result.results()).hasSize(200);
        for (int i = 0; i < 200; i++) {
            WorkItemResult<String, Integer> r = result.results().get(i);
            assertThat(r.itemId()).isEqualTo("ticket-" + i);
            assertThat(r.context()).isEqualTo(i);
        }
        assertThat(result.results()).allSatisfy(r -> {
            if (r.success()) {
                assertThat(Arrays.asList(QuickStartSample.CATEGORIES)).contains(r.output());
            } else {
                assertThat(r.errorKind()).as("failure of %s is classified", r.itemId()).isNotNull();
            }
        });
        assertThat(result.total()).isEqualTo(200);
        assertThat(result.succeeded()).isGreaterThanOrEqualTo(190);
        assertThat(result.results()).as("some tickets needed a retry").anySatisfy(r ->
                assertThat(r.attempts()).isGreaterThan(1));
        assertThat(result.usage().inputTokens()).isPositive();
    }

    @Test
    void theSimulatedModelClassifiesByTheTicketsWords() {
        assertThat(QuickStartSample.SimulatedClassifier.classify("I was charged twice")).isEqualTo("billing");
        assertThat(QuickStartSample.SimulatedClassifier.classify("The app crashes")).isEqualTo("bug");
        assertThat(QuickStartSample.SimulatedClassifier.classify("Where is the dashboard?")).isEqualTo("other");
    }
}
