package io.llmbatch4j.testkit;

import static io.llmbatch4j.testkit.TestHttp.chat;
import static io.llmbatch4j.testkit.TestHttp.json;
import static io.llmbatch4j.testkit.TestHttp.openAiCall;
import static io.llmbatch4j.testkit.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuotaTest {

    @Test
    void enforcesRequestsPerWindowWith429AndRetryAfter() {
        FakeServerConfig config = FakeServerConfig.builder().quota(Quota.of(1, 0, Duration.ofSeconds(20))).build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            HttpResponse<String> ok = openAiCall(server, chat("gpt-4.1-mini", "one"));
            HttpResponse<String> limited = openAiCall(server, chat("gpt-4.1-mini", "two"));

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("1");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(json(limited).get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(json(limited).get("error").get("message").asString()).startsWith("Rate limit reached for gpt-4.1-mini");
            assertThat(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow())).isBetween(19L, 20L);
            assertThat(Long.parseLong(limited.headers().firstValue("retry-after-ms").orElseThrow())).isBetween(1L, 20_000L);
            assertThat(limited.headers().firstValue("x-ratelimit-reset-requests").orElseThrow()).matches("1?\\d(\\.\\d+)?s|20s");
        }
    }

    @Test
    void enforcesTokensPerWindowAndRefusesRequestsLargerThanTheWindow() {
        FakeServerConfig config = FakeServerConfig.builder().quota(Quota.of(0, 60, Duration.ofMinutes(1))).build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            HttpResponse<String> tooLarge = openAiCall(server, chat("gpt-4.1-mini", "x".repeat(400)));
            assertThat(tooLarge.statusCode()).isEqualTo(429);
            assertThat(json(tooLarge).get("error").get("message").asString()).startsWith("Request too large for");
            assertThat(tooLarge.headers().firstValue("x-should-retry")).hasValue("false");

            int ok = 0;
            HttpResponse<String> last;
            do {
                last = openAiCall(server, chat("gpt-4.1-mini", "short " + ok));
                ok += last.statusCode() == 200 ? 1 : 0;
            } while (last.statusCode() == 200 && ok < 100);
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(json(last).get("error").get("type").asString()).isEqualTo("tokens");
            assertThat(ok).isBetween(1, 10);
        }
    }

    @Test
    void anthropicQuotaIs429RateLimitErrorWithRetryAfter() {
        FakeServerConfig config = FakeServerConfig.builder().quota(Quota.of(1, 0, Duration.ofSeconds(1))).build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            String body = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            String[] headers = {"x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY, "anthropic-version", "2023-06-01"};
            assertThat(post(server.baseUrl() + "/v1/messages", body, headers).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = post(server.baseUrl() + "/v1/messages", body, headers);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(json(limited).get("error").get("type").asString()).isEqualTo("rate_limit_error");
            assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
            assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("0");
        }
    }

    @Test
    void quotasArePerKeyAndProvider() {
        FakeServerConfig config = FakeServerConfig.builder().quota(Quota.of(1, 0, Duration.ofMinutes(1))).build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            assertThat(openAiCall(server, chat("gpt-4.1-mini", "x")).statusCode()).isEqualTo(200);
            String body = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            assertThat(post(server.baseUrl() + "/v1/messages", body, "x-api-key", FakeServerConfig.DEFAULT_ANTHROPIC_KEY,
                    "anthropic-version", "2023-06-01").statusCode()).isEqualTo(200);
        }
    }
}
