package io.llmbatch4j.providers.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A complete HTTP answer: status, headers, body bytes, and when it arrived. */
public record HttpReply(int status, HttpHeaders headers, byte[] body, Instant receivedAt) {

    /** The longest body text an error message quotes. */
    public static final int MAX_QUOTED = 200;
    /** The longest message a provider's JSON error may put in an exception (its own words, kept whole up to here). */
    public static final int MAX_MESSAGE = 1_000;
    /** How much of a body is looked at for its text (a gateway page can be large). */
    private static final int MAX_SCANNED = 64 * 1024;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title\\s*>");
    private static final Pattern HIDDEN = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * The body as a short readable text for an error message: an HTML page (a gateway's or a
     * proxy's) becomes its title, or else its text without tags; whitespace is collapsed and the
     * result cut to {@value #MAX_QUOTED} characters.
     */
    public String quotedBody() {
        String s = new String(body, 0, Math.min(body.length, MAX_SCANNED), StandardCharsets.UTF_8);
        if (s.stripLeading().startsWith("<")) {
            Matcher title = TITLE.matcher(s);
            String text = title.find() ? title.group(1) : TAG.matcher(HIDDEN.matcher(s).replaceAll(" ")).replaceAll(" ");
            s = unescape(text).replaceAll("\\s+", " ").strip() + " (an HTML page of " + body.length + " bytes)";
        } else {
            s = s.replaceAll("\\s+", " ").strip();
        }
        if (s.isEmpty()) {
            return "(empty body)";
        }
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "...";
    }

    /**
     * The message for an error answer: the provider's own (from its JSON error body) with
     * whitespace collapsed and cut to {@value #MAX_MESSAGE} characters, or, when it sent none,
     * {@link #quotedBody()}.
     *
     * @param providerMessage the message field of the provider's JSON error, or null
     */
    public String errorMessage(@Nullable String providerMessage) {
        if (providerMessage == null) {
            return quotedBody();
        }
        String s = providerMessage.replaceAll("\\s+", " ").strip();
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }

    private static String unescape(String html) {
        return html.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
