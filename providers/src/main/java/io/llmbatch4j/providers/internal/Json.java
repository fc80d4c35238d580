package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.TransientProviderException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The module's one immutable {@link JsonMapper}: unknown fields ignored, as every provider adds them. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    /**
     * A successful answer's JSON; an unreadable body is a transient failure (a truncated answer
     * is worth one more try), reported without the body.
     */
    public static JsonNode parseReply(HttpReply reply, String provider) {
        try {
            JsonNode node = MAPPER.readTree(reply.body());
            if (node == null || !node.isObject()) {
                throw new TransientProviderException(provider + ": response is not a JSON object (HTTP "
                        + reply.status() + ", " + reply.body().length + " bytes)", reply.status(), null);
            }
            return node;
        } catch (JacksonException e) {
            throw new TransientProviderException(provider + ": unreadable JSON in the response (HTTP "
                    + reply.status() + ", " + reply.body().length + " bytes)", reply.status(), null);
        }
    }

    /** An error answer's JSON, or an empty object when it is not JSON (gateways send HTML). */
    public static JsonNode tryParse(HttpReply reply) {
        try {
            JsonNode node = MAPPER.readTree(reply.body());
            return node == null ? object() : node;
        } catch (JacksonException e) {
            return object();
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** The text at {@code path} or null; never throws for missing or non-text nodes. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /**
     * A counter that providers may send as a number or (Google int64) as a string; 0 when absent,
     * unreadable or negative (the specs type counts as plain int32/int64, so a negative one is
     * spec-valid; passing it on would make {@code TokenUsage} throw and lose the answer).
     */
    public static long count(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isNumber()) {
            return Math.max(0, v.asLong());
        }
        try {
            return Math.max(0, Long.parseLong(v.asString().trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
