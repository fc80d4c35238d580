package io.llmbatch4j.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidationFeedbackSampleTest {

    @Test
    void everyRetryPromptCarriesTheFeedbackAndRetriesRescueItems() {
        ValidationFeedbackSample.Outcome o = ValidationFeedbackSample.run(50);

        assertThat(o.items()).isEqualTo(50);
        assertThat(o.rescued()).isPositive();
        // 40% bad answers and 10 attempts: an item fails with odds 0.4^10 (the violations' order, and so
        // the retry prompts and the fake's draws, may differ from run to run)
        assertThat(o.succeeded()).isGreaterThanOrEqualTo(49);
        assertThat(o.retryRequests()).isGreaterThanOrEqualTo(o.rescued());
        assertThat(o.retriesWithFeedback()).as("every retry told the model what to fix").isEqualTo(o.retryRequests());
        assertThat(o.firstWithFeedback()).isZero();
        assertThat(o.sampleRetryPrompt()).startsWith("[contact-").contains(ValidationFeedbackSample.FEEDBACK_MARK)
                .contains("Your previous answer:").contains("These fields failed; fix them:");
    }
}
