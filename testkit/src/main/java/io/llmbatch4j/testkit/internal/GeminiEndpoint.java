package io.llmbatch4j.testkit.internal;

import tools.jackson.databind.node.ObjectNode;

/** Gemini {@code generateContent} and {@code cachedContents}. */
public final class GeminiEndpoint {

    private GeminiEndpoint() {}

    public static Reply route(Exchange ex) {
        return error(404, "Not found", "NOT_FOUND");
    }

    /** Google's RPC error body {@code {"error":{"code","message","status"}}}. */
    public static Reply error(int status, String message, String rpcStatus) {
        ObjectNode root = Json.object();
        root.putObject("error").put("code", status).put("message", message).put("status", rpcStatus);
        return Reply.json(status, Json.write(root));
    }
}
