package io.llmbatch4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI Files, as far as batches need them: {@code POST /v1/files} (multipart {@code file} +
 * {@code purpose}), {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content},
 * {@code DELETE /v1/files/{id}}. Kept in memory; batch outputs are stored here too.
 */
public final class OpenAiFiles {

    /** A stored file. */
    record StoredFile(String id, String filename, String purpose, String content, Instant createdAt) {
        int bytes() {
            return content.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

    StoredFile get(String id) {
        return files.get(id);
    }

    StoredFile store(Exchange ex, String filename, String purpose, String content) {
        StoredFile f = new StoredFile(ex.newId("file-"), filename, purpose, content, ex.now);
        files.put(f.id(), f);
        return f;
    }

    Reply route(Exchange ex) {
        String rest = ex.path.substring("/v1/files".length());
        if (rest.isEmpty() && "POST".equals(ex.method)) {
            return upload(ex);
        }
        String id = rest.startsWith("/") ? rest.substring(1) : "";
        boolean content = id.endsWith("/content");
        if (content) {
            id = id.substring(0, id.length() - "/content".length());
        }
        StoredFile f = files.get(id);
        if (id.isEmpty() || id.contains("/")) {
            return OpenAiEndpoint.error(404, "Invalid URL (" + ex.method + " " + ex.path + ")", "invalid_request_error",
                    null, null);
        }
        if (f == null) {
            return OpenAiEndpoint.error(404, "No such File object: " + id, "invalid_request_error", "id", null);
        }
        if ("GET".equals(ex.method)) {
            if (content) {
                return Reply.raw(200, "application/octet-stream", f.content());
            }
            return Reply.json(200, Json.write(view(f)));
        }
        if ("DELETE".equals(ex.method) && !content) {
            files.remove(id);
            return Reply.json(200, Json.write(Json.object().put("id", id).put("object", "file").put("deleted", true)));
        }
        return OpenAiEndpoint.error(404, "Invalid URL (" + ex.method + " " + ex.path + ")", "invalid_request_error",
                null, null);
    }

    private Reply upload(Exchange ex) {
        Map<String, Multipart.Part> parts = Multipart.parse(ex.header(HeaderNames.CONTENT_TYPE), ex.body);
        if (parts == null) {
            return OpenAiEndpoint.error(400, "Invalid content type: expected multipart/form-data with a boundary.",
                    "invalid_request_error", null, null);
        }
        Multipart.Part purpose = parts.get("purpose");
        Multipart.Part file = parts.get("file");
        if (purpose == null || purpose.value().isBlank()) {
            return OpenAiEndpoint.error(400, "Missing required parameter: 'purpose'.", "invalid_request_error",
                    "purpose", "missing_required_parameter");
        }
        if (file == null || file.filename() == null) {
            return OpenAiEndpoint.error(400, "Missing required parameter: 'file'.", "invalid_request_error", "file",
                    "missing_required_parameter");
        }
        if ("batch".equals(purpose.value().trim()) && !file.filename().endsWith(".jsonl")) {
            return OpenAiEndpoint.error(400, "Invalid file format for Batch API. Must be .jsonl", "invalid_request_error",
                    null, null);
        }
        StoredFile f = store(ex, file.filename(), purpose.value().trim(), file.value());
        return Reply.json(200, Json.write(view(f)));
    }

    static ObjectNode view(StoredFile f) {
        ObjectNode o = Json.object();
        o.put("id", f.id()).put("object", "file").put("bytes", f.bytes()).put("created_at", f.createdAt().getEpochSecond());
        o.put("expires_at", f.createdAt().getEpochSecond() + 30L * 24 * 3600);
        o.put("filename", f.filename()).put("purpose", f.purpose()).put("status", "processed");
        // status_details (deprecated) is typed string, not nullable, in OpenAI's published schema: left out
        return o;
    }
}
