package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.net.URLDecoder;
import tools.jackson.databind.JsonNode;

/** One request being answered: what came in, the config in force, its dice, and the shared state. */
public final class Exchange {

    public final String method;
    /** The path without the query string. */
    public final String path;
    public final Map<String, String> query;
    private final Map<String, String> headers;
    public final String body;
    /** The parsed body; {@code null} when it is not JSON. */
    public final JsonNode json;
    public final Provider provider;
    public final FakeServerConfig config;
    public final Dice dice;
    public final Instant now;
    public final ServerState state;
    /** True for a request run inside a batch: no quota, no faults. */
    public final boolean offline;

    public Exchange(String method, String pathWithQuery, Map<String, String> lowerCaseHeaders, String body,
            Provider provider, FakeServerConfig config, ServerState state, Instant now) {
        this(method, pathWithQuery, lowerCaseHeaders, body, provider, config, state, now, false);
    }

    private Exchange(String method, String pathWithQuery, Map<String, String> lowerCaseHeaders, String body,
            Provider provider, FakeServerConfig config, ServerState state, Instant now, boolean offline) {
        this.offline = offline;
        this.method = method;
        int q = pathWithQuery.indexOf('?');
        this.path = q < 0 ? pathWithQuery : pathWithQuery.substring(0, q);
        this.query = parseQuery(q < 0 ? "" : pathWithQuery.substring(q + 1));
        this.headers = lowerCaseHeaders;
        this.body = body;
        this.json = Json.parseOrNull(body);
        this.provider = provider;
        this.config = config;
        this.state = state;
        this.now = now;
        long hash = Dice.hash(method, path, body);
        this.dice = new Dice(config.seed(), hash, state.nextAttempt(hash));
    }

    /** A header value (name in any case), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A request of a batch, run offline with this exchange's headers, config and state. */
    public Exchange batchItem(String itemPath, String itemBody) {
        return new Exchange("POST", itemPath, headers, itemBody, provider, config, state, now, true);
    }

    /** Charges {@code tokens} to this provider's key under the configured quota (batch items: never refused). */
    public QuotaBook.Decision admit(long tokens) {
        if (offline) {
            return new QuotaBook.Decision(null, quotaSnapshot());
        }
        return state.quotas.admit(quotaKey(), config.quota(), tokens, now);
    }

    /** The quota state without charging. */
    public QuotaBook.Snapshot quotaSnapshot() {
        return state.quotas.peek(quotaKey(), config.quota(), now);
    }

    /**
     * The fault drawn for this attempt, or {@code null}. Inside a batch only server errors are drawn
     * (500/502/503 → {@link Fault#HTTP_500}, overloaded → {@link Fault#OVERLOADED}).
     */
    public Fault fault() {
        if (offline) {
            FaultRates f = config.faults();
            double u = dice.uniform("batch-fault");
            double serverErrors = f.http500() + f.http502() + f.http503();
            return u < serverErrors ? Fault.HTTP_500 : u < serverErrors + f.overloaded() ? Fault.OVERLOADED : null;
        }
        return Fault.draw(config.faults(), dice.uniform("fault"));
    }

    /** An id like {@code prefix + 24 hex chars}, unique in this server. */
    public String newId(String prefix) {
        SplittableRandom r = new SplittableRandom(dice.requestHash() ^ state.nextSequence() * 0x9E3779B97F4A7C15L);
        byte[] b = new byte[12];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) r.nextInt(256);
        }
        return prefix + HexFormat.of().formatHex(b);
    }

    private String quotaKey() {
        return provider + ":" + config.apiKey(provider);
    }

    private static Map<String, String> parseQuery(String q) {
        Map<String, String> m = new LinkedHashMap<>();
        if (q.isEmpty()) {
            return m;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }
}
