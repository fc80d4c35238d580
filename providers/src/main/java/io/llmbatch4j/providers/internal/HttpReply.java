package io.llmbatch4j.providers.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A complete HTTP answer: status, headers, body bytes, and when it arrived. */
public record HttpReply(int status, HttpHeaders headers, byte[] body, Instant receivedAt) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as text, cut to {@code max} characters (for error messages). */
    public String bodyText(int max) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
