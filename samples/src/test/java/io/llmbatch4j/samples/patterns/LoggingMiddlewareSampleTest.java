package io.llmbatch4j.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoggingMiddlewareSampleTest {

    @Test
    void everyItemIsLoggedWithItsIdAndOutcomeButNoPromptTextIs() {
        LoggingMiddlewareSample.Outcome o = LoggingMiddlewareSample.run(20, false);

        assertThat(o.succeeded() + o.failed()).isEqualTo(20);
        assertThat(o.failed()).as("the fake's 503s make some items fail").isPositive();
        assertThat(o.lines()).allSatisfy(line -> assertThat(line).containsPattern("item ticket-\\d+ "));
        for (int i = 0; i < 20; i++) {
            String id = "ticket-" + i;
            String item = "item " + id + " ";
            assertThat(o.lines()).filteredOn(l -> l.startsWith("DEBUG " + item + "started")).as(id).hasSize(1);
            List<String> ends = o.lines().stream().filter(l -> l.startsWith("INFO " + item + "succeeded")
                    || l.startsWith("WARN " + item + "failed")).toList();
            assertThat(ends).as(id).hasSize(1);
            assertThat(ends.get(0)).as(id).startsWith(o.failedIds().contains(id) ? "WARN" : "INFO");
        }
        assertThat(o.lines()).filteredOn(l -> l.contains(" attempt 1 failed with TRANSIENT")).isNotEmpty();
        assertThat(o.failedIds()).allSatisfy(id -> assertThat(o.lines())
                .anyMatch(l -> l.startsWith("WARN item " + id + " failed after 2 attempt(s)") && l.contains("503")));
        for (String prompt : o.prompts()) {
            String customer = prompt.substring(prompt.indexOf("jane.doe"));
            assertThat(o.lines()).noneMatch(l -> l.contains(customer) || l.contains(prompt.substring(0, 30)));
        }
    }
}
