package io.llmbatch4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeLlmServerMainTest {

    @Test
    void parsesEveryFlag() {
        FakeServerConfig c = FakeLlmServerMain.parse(new String[] {"--port", "0", "--seed=7", "--latency-ms", "10-20",
            "--rpm", "60", "--tpm", "1000", "--fault", "503=0.05", "--fault=reset=0.01", "--fault", "529=0.1"});

        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.latency()).isEqualTo(LatencyProfile.uniform(Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThat(c.quota()).isEqualTo(Quota.of(60, 1000, Duration.ofMinutes(1)));
        assertThat(c.faults().http503()).isEqualTo(0.05);
        assertThat(c.faults().connectionReset()).isEqualTo(0.01);
        assertThat(c.faults().overloaded()).isEqualTo(0.1);
        assertThat(FakeLlmServerMain.parse(new String[] {"--fault-rate", "0.2"}).faults().http503()).isEqualTo(0.2);
        assertThat(FakeLlmServerMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void parseErrorsNameTheFlag() {
        assertThatThrownBy(() -> FakeLlmServerMain.parse(new String[] {"--rpm", "lots"})).hasMessageContaining("--rpm");
        assertThatThrownBy(() -> FakeLlmServerMain.parse(new String[] {"--fault", "504=0.1"}))
                .hasMessageContaining("--fault").hasMessageContaining("504");
        assertThatThrownBy(() -> FakeLlmServerMain.parse(new String[] {"--latency-ms"})).hasMessageContaining("--latency-ms");
        assertThatThrownBy(() -> FakeLlmServerMain.parse(new String[] {"--bogus", "1"})).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> FakeLlmServerMain.parse(new String[] {"--port", "99999"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> FakeLlmServerMain.parse(new String[] {"--fault", "500=0.7", "--fault", "503=0.7"}))
                .hasMessageContaining("--fault");
    }

    @Test
    void describesTheBaseUrlAndKeys() {
        try (FakeLlmServer server = FakeLlmServer.start()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            FakeLlmServerMain.describe(server, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(server.baseUrl())
                    .contains(FakeServerConfig.DEFAULT_OPENAI_KEY).contains(FakeServerConfig.DEFAULT_ANTHROPIC_KEY)
                    .contains(FakeServerConfig.DEFAULT_GEMINI_KEY);
        }
    }
}
