package io.llmbatch4j.testkit.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The one {@link JsonMapper} of the testkit and null-safe accessors for request trees. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    /** The parsed body, or {@code null} when it is not JSON. */
    public static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** The string at {@code field}, or {@code null} when absent or not a string. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** The child node, or {@code null} when absent or JSON null. */
    public static JsonNode child(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** The number at {@code field}, or {@code null} when absent or not a number. */
    public static Double number(JsonNode node, String field) {
        JsonNode v = child(node, field);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    /** The integer at {@code field}, or {@code null} when absent or not an integral number. */
    public static Long integer(JsonNode node, String field) {
        JsonNode v = child(node, field);
        return v != null && v.isIntegralNumber() ? v.longValue() : null;
    }

    public static boolean has(JsonNode node, String field) {
        return child(node, field) != null;
    }
}
