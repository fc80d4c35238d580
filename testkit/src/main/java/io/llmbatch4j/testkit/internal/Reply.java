package io.llmbatch4j.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server does with one request: answer (status, headers, body), reset the connection, or
 * hang. Built by the endpoints, carried out by {@link FakeHandler}.
 */
public final class Reply {

    public enum Kind { RESPOND, RESET, HANG }

    private final Kind kind;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private Reply(Kind kind, int status, String contentType, String body) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put(HeaderNames.CONTENT_TYPE, contentType);
        }
    }

    public static Reply json(int status, String body) {
        return new Reply(Kind.RESPOND, status, "application/json", body);
    }

    public static Reply html(int status, String body) {
        return new Reply(Kind.RESPOND, status, "text/html; charset=UTF-8", body);
    }

    public static Reply raw(int status, String contentType, String body) {
        return new Reply(Kind.RESPOND, status, contentType, body);
    }

    public static Reply reset() {
        return new Reply(Kind.RESET, 0, null, "");
    }

    public static Reply hang() {
        return new Reply(Kind.HANG, 0, null, "");
    }

    public Reply header(String name, Object value) {
        headers.put(name, String.valueOf(value));
        return this;
    }

    public Reply headers(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    /** The body cut in half: a 200 whose JSON cannot be parsed. */
    public Reply truncateBody() {
        body = body.substring(0, body.length() / 2);
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body;
    }
}
