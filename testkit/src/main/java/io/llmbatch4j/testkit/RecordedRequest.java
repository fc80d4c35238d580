package io.llmbatch4j.testkit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One request as the fake server received it, before any fault or quota decision. Kept in arrival
 * order in {@link FakeLlmServer#requests()}.
 *
 * @param method   HTTP method, upper case
 * @param path     path with its query string, as sent
 * @param headers  every header, names compared case-insensitively; repeated headers keep all values
 * @param body     the body as UTF-8 text ({@code ""} when there was none)
 * @param provider the provider the path belongs to; {@code null} for a path of none of them
 * @param model    the model named in the body or the path; {@code null} when there is none
 * @param receivedAt when the server read the request (from the configured clock)
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body,
        @Nullable Provider provider, @Nullable String model, Instant receivedAt) {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "x-goog-api-key");

    /**
     * Copies the headers into a case-insensitive, unmodifiable map.
     *
     * @param method HTTP method, upper case
     * @param path path with its query string, as sent
     * @param headers every header; repeated headers keep all values
     * @param body the body as UTF-8 text
     * @param provider the provider the path belongs to, or {@code null}
     * @param model the model named in the body or the path, or {@code null}
     * @param receivedAt when the server read the request
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
            List<String> all = new java.util.ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * The first value of the header (case-insensitive name), or {@code null} when absent.
     *
     * @param name the header's name
     * @return its first value
     */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of the header (case-insensitive name); empty when absent.
     *
     * @param name the header's name
     * @return its values
     */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** {@return the path without its query string} */
    public String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** Masks the API key headers and the {@code key} query parameter, so logs never show a key. */
    @Override
    public String toString() {
        StringBuilder h = new StringBuilder();
        headers.forEach((k, v) -> {
            if (h.length() > 0) {
                h.append(", ");
            }
            h.append(k).append('=').append(SECRET_HEADERS.contains(k.toLowerCase(Locale.ROOT)) ? "***" : v);
        });
        return "RecordedRequest[" + method + " " + path.replaceAll("([?&]key=)[^&]*", "$1***") + ", provider="
                + provider + ", model=" + model + ", receivedAt=" + receivedAt + ", headers={" + h + "}, body="
                + body.length() + " chars]";
    }
}
