package io.llmbatch4j.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A recording loopback proxy between a real client and a Prism mock. It keeps every request the
 * client sent byte for byte, strips the {@link SpecLag} fields of its provider before Prism
 * validates the rest (sending the unstripped body too, to record what Prism says about it), and
 * hands Prism's answer back to the client unchanged. Independent of the production HTTP stack.
 */
final class SpecGate implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive", "date");

    private final String upstream;
    private final List<SpecLag> lags;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private SpecGate(String upstream, List<SpecLag> lags) {
        this.upstream = upstream;
        this.lags = lags;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static SpecGate to(String upstream, List<SpecLag> lags) {
        return new SpecGate(upstream, lags);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    Exchange last() {
        if (exchanges.isEmpty()) {
            throw new AssertionError("no request reached the gate");
        }
        return exchanges.get(exchanges.size() - 1);
    }

    int count() {
        return exchanges.size();
    }

    private void handle(HttpExchange in) throws IOException {
        try (in) {
            byte[] body;
            try (InputStream is = in.getRequestBody()) {
                body = is.readAllBytes();
            }
            String target = in.getRequestURI().toString();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            in.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            JsonNode sent = body.length == 0 ? null : tryParse(body);
            byte[] forwarded = body;
            List<SpecLag.Removed> removed = List.of();
            List<Violation> unstripped = List.of();
            if (sent instanceof ObjectNode object && !lags.isEmpty()) {
                ObjectNode copy = object.deepCopy();
                removed = SpecLag.strip(copy, lags);
                if (!removed.isEmpty()) {
                    unstripped = violations(forward(in.getRequestMethod(), target, headers, body));
                    forwarded = Jsons.MAPPER.writeValueAsBytes(copy);
                }
            }
            HttpResponse<byte[]> answer = forward(in.getRequestMethod(), target, headers, forwarded);
            exchanges.add(new Exchange(in.getRequestMethod(), target, headers, sent, removed, unstripped,
                    answer.statusCode(), answer.body(), violations(answer)));
            answer.headers().map().forEach((k, v) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                    in.getResponseHeaders().put(k, v);
                }
            });
            in.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream os = in.getResponseBody()) {
                os.write(answer.body());
            }
        } catch (RuntimeException | IOException e) {
            in.sendResponseHeaders(599, -1);
            throw e;
        }
    }

    private HttpResponse<byte[]> forward(String method, String target, Map<String, List<String>> headers,
            byte[] body) throws IOException {
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(upstream + target)).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, values) -> {
            if (!HOP_HEADERS.contains(k)) {
                values.forEach(v -> out.header(k, v));
            }
        });
        try {
            return http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Violations from the {@code sl-violations} header and from Prism's own 422 problem body. */
    private static List<Violation> violations(HttpResponse<byte[]> answer) {
        List<Violation> out = new ArrayList<>();
        answer.headers().firstValue("sl-violations").ifPresent(h -> out.addAll(Violation.parseAll(Jsons.parse(h),
                "request")));
        if (answer.statusCode() == 422 && answer.headers().firstValue("content-type").orElse("")
                .contains("problem+json")) {
            out.addAll(Violation.parseAll(Jsons.parse(answer.body()).path("validation"), "request"));
        }
        return out;
    }

    private static @Nullable JsonNode tryParse(byte[] body) {
        try {
            return Jsons.parse(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
