package io.llmbatch4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Gemini Files, as batches use them: the resumable upload ({@code POST /upload/v1beta/files} with
 * {@code X-Goog-Upload-Command: start}, then {@code upload, finalize} on the returned
 * {@code x-goog-upload-url}), {@code GET /v1beta/files/{id}}, and the download forms
 * {@code GET /download/v1beta/files/{id}:download?alt=media} and
 * {@code GET /v1beta/files/{id}:download?alt=media}.
 */
public final class GeminiFiles {

    static final String UPLOAD_PATH = "/upload/v1beta/files";

    record StoredFile(String name, String displayName, String mimeType, String content, Instant createTime) {}

    private record Pending(String displayName, String mimeType) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

    StoredFile get(String name) {
        return files.get(name);
    }

    StoredFile store(Exchange ex, String displayName, String mimeType, String content) {
        StoredFile f = new StoredFile("files/" + ex.newId("").substring(0, 12), displayName, mimeType, content, ex.now);
        files.put(f.name(), f);
        return f;
    }

    Reply upload(Exchange ex) {
        String command = ex.header("x-goog-upload-command");
        String uploadId = ex.query.get("upload_id");
        if (uploadId == null) {
            if (command == null || !command.trim().equals("start")
                    || !"resumable".equals(ex.header("x-goog-upload-protocol"))) {
                return GeminiEndpoint.error(400, "Only the resumable upload protocol is supported: send "
                        + "X-Goog-Upload-Protocol: resumable and X-Goog-Upload-Command: start.", "INVALID_ARGUMENT");
            }
            String id = ex.newId("");
            String displayName = Json.text(Json.child(ex.json, "file"), "displayName");
            String mime = ex.header("x-goog-upload-header-content-type");
            pending.put(id, new Pending(displayName, mime == null ? "application/octet-stream" : mime));
            String host = ex.header("host");
            return Reply.json(200, "{}").header("x-goog-upload-url", "http://" + host + UPLOAD_PATH + "?upload_id=" + id)
                    .header("x-goog-upload-status", "active");
        }
        Pending p = pending.remove(uploadId);
        if (p == null) {
            return GeminiEndpoint.error(404, "Upload session not found.", "NOT_FOUND");
        }
        if (command == null || !command.replace(" ", "").equals("upload,finalize")) {
            return GeminiEndpoint.error(400, "Send the bytes with X-Goog-Upload-Command: upload, finalize.",
                    "INVALID_ARGUMENT");
        }
        StoredFile f = store(ex, p.displayName(), p.mimeType(), ex.body);
        ObjectNode out = Json.object();
        out.set("file", view(f));
        return Reply.json(200, Json.write(out)).header("x-goog-upload-status", "final");
    }

    /** GET of {@code /v1beta/files/{id}} or a download path; {@code null} when the path is not a file path. */
    Reply get(Exchange ex) {
        String p = ex.path;
        String id;
        boolean download = p.endsWith(":download");
        if (p.startsWith("/download/v1beta/files/")) {
            id = p.substring("/download/v1beta/files/".length());
        } else if (p.startsWith("/v1beta/files/")) {
            id = p.substring("/v1beta/files/".length());
        } else {
            return null;
        }
        if (download) {
            id = id.substring(0, id.length() - ":download".length());
        }
        StoredFile f = files.get("files/" + id);
        if (f == null || !"GET".equals(ex.method)) {
            return GeminiEndpoint.error(404, "Requested entity was not found.", "NOT_FOUND");
        }
        return download ? Reply.raw(200, "application/octet-stream", f.content()) : Reply.json(200, Json.write(view(f)));
    }

    static ObjectNode view(StoredFile f) {
        ObjectNode o = Json.object();
        o.put("name", f.name());
        if (f.displayName() != null) {
            o.put("displayName", f.displayName());
        }
        o.put("mimeType", f.mimeType());
        o.put("sizeBytes", String.valueOf(f.content().getBytes(StandardCharsets.UTF_8).length));
        o.put("createTime", f.createTime().toString()).put("updateTime", f.createTime().toString());
        o.put("expirationTime", f.createTime().plusSeconds(48 * 3600).toString());
        o.put("uri", "https://generativelanguage.googleapis.com/v1beta/" + f.name());
        o.put("state", "ACTIVE").put("source", "UPLOADED");
        return o;
    }
}
