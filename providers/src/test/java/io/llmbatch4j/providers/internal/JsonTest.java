package io.llmbatch4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void countReadsNumbersAndGoogleInt64Strings() {
        assertThat(Json.count(Json.MAPPER.readTree("{\"n\":42}"), "n")).isEqualTo(42);
        assertThat(Json.count(Json.MAPPER.readTree("{\"n\":\"42\"}"), "n")).isEqualTo(42);
    }

    @Test
    void countIsZeroWhenAbsentUnreadableOrNegative() {
        assertThat(Json.count(Json.MAPPER.readTree("{}"), "n")).isZero();
        assertThat(Json.count(Json.MAPPER.readTree("{\"n\":\"many\"}"), "n")).isZero();
        // what Prism's sample of Gemini's int32 counts holds: spec-valid, and no count
        assertThat(Json.count(Json.MAPPER.readTree("{\"n\":-2147483648}"), "n")).isZero();
        assertThat(Json.count(Json.MAPPER.readTree("{\"n\":\"-5\"}"), "n")).isZero();
    }
}
