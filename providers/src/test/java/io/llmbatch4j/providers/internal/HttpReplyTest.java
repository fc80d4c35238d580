package io.llmbatch4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpReplyTest {

    private static HttpReply reply(String body) {
        return new HttpReply(500, EmptyHttpHeaders.INSTANCE, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }

    @Test
    void aProvidersOwnMessageIsKeptWholeUpToTheCapAndCutBeyondIt() {
        String shortMessage = "This model's maximum context length is 128000 tokens.";
        assertThat(reply("{}").errorMessage(shortMessage)).isEqualTo(shortMessage);
        String huge = "x".repeat(50_000);
        String cut = reply("{}").errorMessage(huge);
        assertThat(cut).hasSize(HttpReply.MAX_MESSAGE + 3).endsWith("...");
    }

    @Test
    void withoutAMessageAnHtmlPageIsQuotedByItsTitle() {
        String page = "<html><head><title>502 Bad Gateway</title></head><body>" + "x".repeat(5_000) + "</body></html>";
        assertThat(reply(page).errorMessage(null)).startsWith("502 Bad Gateway (an HTML page of");
    }
}
