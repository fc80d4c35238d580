package io.llmbatch4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void removesTheConfiguredKeyAndKeyShapedTextFromMessages() {
        Redactor r = new Redactor("my-secret-key-123");
        assertThat(r.clean("bad key my-secret-key-123 given")).isEqualTo("bad key [redacted] given");
        assertThat(r.clean("Incorrect API key provided: sk-...1JMA. You can find"))
                .doesNotContain("1JMA").contains("[redacted]");
        assertThat(r.clean("key sk-ant-api03-abcdef rejected")).isEqualTo("key [redacted] rejected");
        assertThat(r.clean("key AIzaSyA1234567890abcdef invalid")).isEqualTo("key [redacted] invalid");
        assertThat(r.clean("nothing secret here")).isEqualTo("nothing secret here");
    }
}
