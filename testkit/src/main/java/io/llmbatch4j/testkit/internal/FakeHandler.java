package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.Provider;
import io.llmbatch4j.testkit.RecordedRequest;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The server's one handler: reads the body, records the request, lets the endpoint decide the
 * {@link Reply}, waits the drawn latency on the server's timer, then answers, resets or hangs.
 */
public final class FakeHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FakeHandler.class);
    /** OpenAI-compatible servers such as Groq put the OpenAI paths under {@code /openai/v1/...}; served the same. */
    private static final String GROQ_PREFIX = "/openai";

    private final ServerState state;
    private final Scheduler timer;

    public FakeHandler(ServerState state, Scheduler timer) {
        this.state = state;
        this.timer = timer;
    }

    public Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> respond(req, res, body));
    }

    private Mono<Void> respond(HttpServerRequest req, HttpServerResponse res, String body) {
        FakeServerConfig config = state.config();
        Instant now = config.clock().instant();
        String uri = req.uri();
        String method = req.method().name();
        Map<String, List<String>> all = new LinkedHashMap<>();
        Map<String, String> lower = new HashMap<>();
        req.requestHeaders().forEach(e -> {
            all.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        });
        String routed = uri.startsWith(GROQ_PREFIX + "/v1/") ? uri.substring(GROQ_PREFIX.length()) : uri;
        Provider provider = providerOf(routed);
        Exchange ex = new Exchange(method, routed, lower, body, provider, config, state, now);
        state.record(new RecordedRequest(method, uri, all, body, provider, modelOf(ex), now));
        Reply reply;
        try {
            reply = route(ex);
        } catch (RuntimeException e) {
            LOG.warn("fake server failed on {} {}", method, ex.path, e);
            reply = Reply.json(500, "{\"error\":{\"message\":\"testkit bug: " + e.getClass().getSimpleName() + "\"}}");
        }
        Duration delay = config.latency().delay(ex.dice.uniform("latency-1"), ex.dice.uniform("latency-2"));
        Reply r = reply;
        Mono<Void> send = Mono.defer(() -> write(res, r));
        return delay.isZero() ? send : Mono.delay(delay, timer).then(send);
    }

    private static Reply route(Exchange ex) {
        if (ex.provider == null) {
            return OpenAiEndpoint.error(404, "Invalid URL (" + ex.method + " " + ex.path + ")", "invalid_request_error",
                    null, null);
        }
        return switch (ex.provider) {
            case OPENAI -> "POST".equals(ex.method) && ex.path.equals("/v1/chat/completions")
                    ? OpenAiEndpoint.chatCompletions(ex)
                    : isBatchPath(ex.path) ? OpenAiEndpoint.filesAndBatches(ex)
                    : OpenAiEndpoint.error(404, "Invalid URL (" + ex.method + " " + ex.path + ")",
                            "invalid_request_error", null, null);
            case ANTHROPIC -> "POST".equals(ex.method) && ex.path.equals("/v1/messages")
                    ? AnthropicEndpoint.messages(ex)
                    : ex.path.equals("/v1/messages/batches") || ex.path.startsWith("/v1/messages/batches/")
                    ? AnthropicEndpoint.batches(ex)
                    : AnthropicEndpoint.error(404, "not_found_error", "Not Found");
            case GEMINI -> GeminiEndpoint.route(ex);
        };
    }

    private static Mono<Void> write(HttpServerResponse res, Reply r) {
        switch (r.kind()) {
            case RESET:
                res.withConnection(c -> {
                    c.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    c.channel().close();
                });
                return Mono.never();
            case HANG:
                return Mono.never();
            default:
                res.status(r.status());
                r.headers().forEach(res::header);
                return res.sendString(Mono.just(r.body()), StandardCharsets.UTF_8).then();
        }
    }

    private static boolean isBatchPath(String path) {
        return path.equals("/v1/files") || path.startsWith("/v1/files/") || path.equals("/v1/batches")
                || path.startsWith("/v1/batches/");
    }

    static Provider providerOf(String uri) {
        if (uri.startsWith("/v1beta/") || uri.startsWith("/upload/v1beta/") || uri.startsWith("/download/v1beta/")) {
            return Provider.GEMINI;
        }
        if (uri.startsWith("/v1/messages")) {
            return Provider.ANTHROPIC;
        }
        if (uri.startsWith("/v1/")) {
            return Provider.OPENAI;
        }
        return null;
    }

    private static String modelOf(Exchange ex) {
        String m = Json.text(ex.json, "model");
        if (m == null && ex.provider == Provider.GEMINI && ex.path.startsWith("/v1beta/models/")) {
            String rest = ex.path.substring("/v1beta/models/".length());
            int colon = rest.indexOf(':');
            m = colon < 0 ? rest : rest.substring(0, colon);
        }
        if (m != null && m.startsWith("models/")) {
            m = m.substring("models/".length());
        }
        return m;
    }
}
