package io.llmbatch4j.contract;

import io.llmbatch4j.contract.ResponseSchemaCheck.Recorded;
import io.llmbatch4j.testkit.FakeLlmServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls to a testkit server (not through our clients), recorded for schema checks. */
final class FakeCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final FakeLlmServer fake;

    FakeCalls(FakeLlmServer fake) {
        this.fake = fake;
    }

    Recorded post(String path, JsonNode body, String... headers) {
        return send("POST", path, body, headers);
    }

    Recorded get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** A JSON call; an empty answer body is recorded as {@code {}}. */
    Recorded send(String method, String path, @Nullable JsonNode body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        HttpResponse<byte[]> response = raw(request, headers);
        JsonNode json = response.body().length == 0 ? Jsons.MAPPER.createObjectNode() : Jsons.parse(response.body());
        return new Recorded(method, path, response.statusCode(), json);
    }

    /** The answer's body as text (JSONL downloads); {@code url} may be absolute or a path. */
    String text(String url, String... headers) {
        URI uri = URI.create(url.startsWith("http") ? url : fake.baseUrl() + url);
        return new String(raw(HttpRequest.newBuilder(uri).GET(), headers).body(), StandardCharsets.UTF_8);
    }

    /** A multipart upload of {@code jsonl} as OpenAI's Files API takes it. */
    Recorded uploadBatchFile(String jsonl, String... headers) {
        String boundary = "----contract" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/files"))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<byte[]> response = raw(request, headers);
        return new Recorded("POST", "/v1/files", response.statusCode(), Jsons.parse(response.body()));
    }

    private static HttpResponse<byte[]> raw(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpRequest built = request.build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(built.method() + " " + built.uri(), e);
        }
    }
}
