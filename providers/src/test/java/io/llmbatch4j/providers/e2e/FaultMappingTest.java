package io.llmbatch4j.providers.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.TransientProviderException;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.Quota;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every fault the testkit injects ends as the right typed exception, for each provider. */
class FaultMappingTest {

    private static HttpTransport transport;

    @BeforeAll
    static void start() {
        transport = HttpTransport.create();
    }

    @AfterAll
    static void stop() {
        transport.close();
    }

    private static Throwable failureWith(Fake.Kind kind, FaultRates faults) {
        try (FakeLlmServer server = FakeLlmServer.start(FakeServerConfig.builder().faults(faults).build())) {
            ChatClient client = kind.client(transport, server, b -> b.requestTimeout(Duration.ofMillis(500)));
            return org.assertj.core.api.Assertions.catchThrowable(
                    () -> client.chat(ChatRequest.of(kind.model, "sys", "hello")).block());
        }
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void serverErrorsAreTransientWithTheirStatus(Fake.Kind kind) {
        Throwable e500 = failureWith(kind, FaultRates.builder().http500(1.0).build());
        assertThat(e500).isInstanceOf(TransientProviderException.class);
        assertThat(((TransientProviderException) e500).statusCode()).isEqualTo(500);
        Throwable e503 = failureWith(kind, FaultRates.builder().http503(1.0).build());
        assertThat(((TransientProviderException) e503).statusCode()).isEqualTo(503);
        Throwable e502 = failureWith(kind, FaultRates.builder().http502(1.0).build());
        assertThat(((TransientProviderException) e502).statusCode()).isEqualTo(502);
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void aGatewaysHtmlPageIsQuotedByItsTitleNotItsMarkup(Fake.Kind kind) {
        Throwable e502 = failureWith(kind, FaultRates.builder().http502(1.0).build());
        assertThat(e502.getMessage()).doesNotContain("<").doesNotContain("\r").doesNotContain("\n")
                .contains("502 Bad Gateway (an HTML page of").hasSizeLessThan(260);
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void overloadIsTransient(Fake.Kind kind) {
        Throwable e = failureWith(kind, FaultRates.builder().overloaded(1.0).build());
        assertThat(e).isInstanceOf(TransientProviderException.class);
        assertThat(((TransientProviderException) e).statusCode()).isEqualTo(kind == Fake.Kind.ANTHROPIC ? 529 : 503);
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void connectionResetIsTransientWithoutStatus(Fake.Kind kind) {
        Throwable e = failureWith(kind, FaultRates.builder().connectionReset(1.0).build());
        assertThat(e).isInstanceOf(TransientProviderException.class).hasMessageStartingWith(kind.provider + ":");
        assertThat(((TransientProviderException) e).statusCode()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void malformedBodyIsTransient(Fake.Kind kind) {
        Throwable e = failureWith(kind, FaultRates.builder().malformedJson(1.0).build());
        assertThat(e).isInstanceOf(TransientProviderException.class).hasMessageContaining("JSON");
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void hangingResponseTimesOutAsTransient(Fake.Kind kind) {
        Throwable e = failureWith(kind, FaultRates.builder().hang(1.0).build());
        assertThat(e).isInstanceOf(TransientProviderException.class).hasMessageContaining("no response within PT0.5S");
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void wrongKeyIsPermanentAndNeverEchoed(Fake.Kind kind) {
        try (FakeLlmServer server = FakeLlmServer.start()) {
            ChatClient client = kind.client(transport, server, b -> b.apiKey("wrong-secret-value-42"));
            assertThatThrownBy(() -> client.chat(ChatRequest.of(kind.model, null, "hello")).block())
                    .isInstanceOf(PermanentProviderException.class)
                    .hasMessageNotContaining("wrong-secret-value-42");
        }
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void quotaExhaustionIsARateLimitWithTheServersDelay(Fake.Kind kind) {
        try (FakeLlmServer server = FakeLlmServer.start(FakeServerConfig.builder()
                .quota(Quota.of(1, 10_000_000, Duration.ofSeconds(30))).build())) {
            ChatClient client = kind.client(transport, server);
            client.chat(ChatRequest.of(kind.model, null, "one")).block();
            assertThatThrownBy(() -> client.chat(ChatRequest.of(kind.model, null, "two")).block())
                    .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.retryAfter())
                            .isNotNull().isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        }
    }

    @ParameterizedTest
    @EnumSource(Fake.Kind.class)
    void burstRateLimitIsARateLimitWithTheServersShortDelay(Fake.Kind kind) {
        Throwable e = failureWith(kind, FaultRates.builder().rateLimited(1.0).build());
        assertThat(e).isInstanceOfSatisfying(RateLimitException.class, r -> assertThat(r.retryAfter())
                .isEqualTo(kind == Fake.Kind.OPENAI ? Duration.ofMillis(50) : Duration.ofSeconds(1)));
    }
}
