package io.llmbatch4j.testkit.internal;

import tools.jackson.databind.node.ObjectNode;

/** Anthropic {@code POST /v1/messages}. */
public final class AnthropicEndpoint {

    private AnthropicEndpoint() {}

    public static Reply messages(Exchange ex) {
        return error(404, "not_found_error", "Not Found");
    }

    /** Anthropic's error body {@code {"type":"error","error":{"type","message"},"request_id"}}. */
    public static Reply error(int status, String type, String message) {
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return Reply.json(status, Json.write(root));
    }
}
