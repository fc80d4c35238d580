package io.llmbatch4j.testkit.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes a JSON value that follows a JSON Schema (OpenAI {@code json_schema}, Anthropic
 * {@code output_config.format}, Gemini {@code responseJsonSchema}) or a Google {@code Schema}
 * (upper-case {@code type}s, {@code nullable}, {@code propertyOrdering}). Understood: local
 * {@code $ref}s, {@code const}, {@code enum}, {@code anyOf}/{@code oneOf} (a non-null branch),
 * {@code allOf} (its first branch), objects (every property), arrays ({@code minItems}/{@code maxItems}),
 * strings ({@code minLength}/{@code maxLength}, simple {@code pattern}s, formats email, date,
 * date-time, uuid, uri), integers and numbers ({@code minimum}/{@code maximum} and the exclusive
 * forms), booleans, null. Also makes a value that breaks the schema, for "bad model" answers.
 */
public final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 12;
    static final String[] WORDS = {"alpha", "bravo", "cedar", "delta", "ember", "fjord", "garnet", "harbor",
        "indigo", "juniper", "kelp", "lumen", "maple", "nectar", "onyx", "pebble", "quartz", "river", "sable",
        "tundra", "umber", "violet", "willow", "xenon", "yarrow", "zephyr"};

    private final JsonNode root;
    private final SplittableRandom rnd;

    private SchemaValues(JsonNode root, SplittableRandom rnd) {
        this.root = root;
        this.rnd = rnd;
    }

    /** A value that follows {@code schema}. */
    public static JsonNode generate(JsonNode schema, SplittableRandom rnd) {
        return new SchemaValues(schema, rnd).value(schema, 0);
    }

    /** A copy of {@code value} (made by {@link #generate}) that breaks {@code schema}. */
    public static JsonNode violate(JsonNode schema, JsonNode value) {
        return new SchemaValues(schema, new SplittableRandom(0)).broken(schema, value, 0);
    }

    private JsonNode resolve(JsonNode s) {
        for (int hops = 0; s != null && s.has("$ref") && hops < 16; hops++) {
            String ref = s.get("$ref").asString();
            if (!ref.startsWith("#")) {
                return NODES.objectNode();
            }
            JsonNode target = ref.length() == 1 ? root : root.at(ref.substring(1));
            s = target.isMissingNode() ? NODES.objectNode() : target;
        }
        return s == null ? NODES.objectNode() : s;
    }

    private JsonNode value(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (s.isBoolean() || !s.isObject()) {
            return NODES.stringNode(word());
        }
        if (s.has("const")) {
            return s.get("const").deepCopy();
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray() && !en.isEmpty()) {
            List<JsonNode> options = new ArrayList<>();
            en.forEach(e -> {
                if (!e.isNull()) {
                    options.add(e);
                }
            });
            return options.isEmpty() ? NODES.nullNode() : options.get(rnd.nextInt(options.size())).deepCopy();
        }
        for (String key : new String[] {"anyOf", "oneOf"}) {
            JsonNode branches = s.get(key);
            if (branches != null && branches.isArray() && !branches.isEmpty()) {
                List<JsonNode> nonNull = new ArrayList<>();
                branches.forEach(b -> {
                    if (!"null".equals(typeOf(resolve(b)))) {
                        nonNull.add(b);
                    }
                });
                return nonNull.isEmpty() ? NODES.nullNode() : value(nonNull.get(rnd.nextInt(nonNull.size())), depth + 1);
            }
        }
        JsonNode allOf = s.get("allOf");
        if (allOf != null && allOf.isArray() && !allOf.isEmpty()) {
            return value(allOf.get(0), depth + 1);
        }
        String type = typeOf(s);
        return switch (type) {
            case "object" -> object(s, depth);
            case "array" -> array(s, depth);
            case "integer" -> integer(s);
            case "number" -> number(s);
            case "boolean" -> NODES.booleanNode(rnd.nextBoolean());
            case "null" -> NODES.nullNode();
            default -> NODES.stringNode(string(s));
        };
    }

    /** The lower-case type; the first non-null one of a type list; inferred when absent. */
    static String typeOf(JsonNode s) {
        JsonNode t = s.get("type");
        if (t != null && t.isString()) {
            return t.stringValue().toLowerCase(Locale.ROOT);
        }
        if (t != null && t.isArray()) {
            for (JsonNode e : t) {
                if (e.isString() && !"null".equalsIgnoreCase(e.stringValue())) {
                    return e.stringValue().toLowerCase(Locale.ROOT);
                }
            }
            return "null";
        }
        if (s.has("properties")) {
            return "object";
        }
        if (s.has("items") || s.has("prefixItems")) {
            return "array";
        }
        return "string";
    }

    private JsonNode object(JsonNode s, int depth) {
        ObjectNode o = NODES.objectNode();
        if (depth > MAX_DEPTH) {
            return o;
        }
        JsonNode props = s.get("properties");
        Set<String> names = new LinkedHashSet<>();
        JsonNode ordering = s.get("propertyOrdering");
        if (ordering != null && ordering.isArray()) {
            ordering.forEach(n -> names.add(n.asString()));
        }
        if (props != null && props.isObject()) {
            names.addAll(props.propertyNames());
        }
        for (String name : names) {
            JsonNode ps = props == null ? null : props.get(name);
            if (ps != null) {
                o.set(name, value(ps, depth + 1));
            }
        }
        JsonNode additional = s.get("additionalProperties");
        if (names.isEmpty() && additional != null && additional.isObject()) {
            o.set(word(), value(additional, depth + 1));
        }
        return o;
    }

    private JsonNode array(JsonNode s, int depth) {
        ArrayNode a = NODES.arrayNode();
        if (depth > MAX_DEPTH) {
            return a;
        }
        int min = intOr(s, "minItems", 0);
        int max = intOr(s, "maxItems", Math.max(min, 3));
        int n = Math.max(min, Math.min(max, 1 + rnd.nextInt(3)));
        JsonNode prefix = s.get("prefixItems");
        JsonNode items = s.get("items");
        for (int k = 0; k < n; k++) {
            JsonNode itemSchema = prefix != null && prefix.isArray() && k < prefix.size() ? prefix.get(k) : items;
            a.add(itemSchema == null ? NODES.stringNode(word()) : value(itemSchema, depth + 1));
        }
        return a;
    }

    private JsonNode integer(JsonNode s) {
        long min = bound(s, "minimum", "exclusiveMinimum", true, 0);
        long max = bound(s, "maximum", "exclusiveMaximum", false, Math.max(min, 0) + 100);
        if (max < min) {
            max = min;
        }
        return NODES.numberNode(min + (long) (rnd.nextDouble() * (max - min + 1)));
    }

    private long bound(JsonNode s, String inclusive, String exclusive, boolean lower, long fallback) {
        JsonNode inc = s.get(inclusive);
        if (inc != null && inc.isNumber()) {
            return lower ? (long) Math.ceil(inc.doubleValue()) : (long) Math.floor(inc.doubleValue());
        }
        JsonNode exc = s.get(exclusive);
        if (exc != null && exc.isNumber()) {
            return lower ? (long) Math.floor(exc.doubleValue()) + 1 : (long) Math.ceil(exc.doubleValue()) - 1;
        }
        return fallback;
    }

    private JsonNode number(JsonNode s) {
        double min = numberOr(s, "minimum", numberOr(s, "exclusiveMinimum", 0));
        double max = numberOr(s, "maximum", numberOr(s, "exclusiveMaximum", min + 100));
        if (max < min) {
            max = min;
        }
        double v = BigDecimal.valueOf(min + rnd.nextDouble() * (max - min)).setScale(2, RoundingMode.HALF_UP)
                .doubleValue();
        if (v <= min && s.has("exclusiveMinimum") || v < min) {
            v = min + (max - min) / 2;
        }
        if (v >= max && s.has("exclusiveMaximum") || v > max) {
            v = min + (max - min) / 2;
        }
        return NODES.numberNode(v);
    }

    private String string(JsonNode s) {
        String format = s.has("format") ? s.get("format").asString() : "";
        String v = switch (format) {
            case "email" -> word() + (100 + rnd.nextInt(900)) + "@example.com";
            case "date" -> String.format("2024-%02d-%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28));
            case "date-time" -> String.format("2024-%02d-%02dT%02d:%02d:00Z", 1 + rnd.nextInt(12),
                    1 + rnd.nextInt(28), rnd.nextInt(24), rnd.nextInt(60));
            case "time" -> String.format("%02d:%02d:00", rnd.nextInt(24), rnd.nextInt(60));
            case "uuid" -> new java.util.UUID(rnd.nextLong() & 0xFFFFFFFFFFFF0FFFL | 0x4000L,
                    rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
            case "uri", "url" -> "https://example.com/" + word();
            default -> null;
        };
        if (v == null && s.has("pattern")) {
            v = SimpleRegex.generate(s.get("pattern").asString(), rnd);
            if (v != null) {
                return v;
            }
        }
        if (v == null) {
            v = word() + " " + word();
        }
        int min = intOr(s, "minLength", 0);
        int max = intOr(s, "maxLength", Integer.MAX_VALUE);
        StringBuilder sb = new StringBuilder(v);
        while (sb.length() < min) {
            sb.append(' ').append(word());
        }
        return sb.length() > max ? sb.substring(0, max) : sb.toString();
    }

    private JsonNode broken(JsonNode schema, JsonNode value, int depth) {
        JsonNode s = resolve(schema);
        if (s.isObject() && value.isObject() && depth < MAX_DEPTH) {
            JsonNode required = s.get("required");
            if (required != null && required.isArray() && !required.isEmpty()) {
                ObjectNode copy = (ObjectNode) value.deepCopy();
                copy.remove(required.get(0).asString());
                return copy;
            }
            JsonNode props = s.get("properties");
            Iterator<String> names = value.propertyNames().iterator();
            if (props != null && names.hasNext()) {
                String first = names.next();
                ObjectNode copy = (ObjectNode) value.deepCopy();
                copy.set(first, broken(props.get(first), value.get(first), depth + 1));
                return copy;
            }
            return NODES.stringNode("not an object");
        }
        if (s.isObject() && s.has("enum")) {
            return NODES.stringNode("__not_in_enum__");
        }
        if (value.isString()) {
            return NODES.numberNode(12345);
        }
        if (value.isNumber() || value.isBoolean()) {
            return NODES.stringNode("not a " + (value.isNumber() ? "number" : "boolean"));
        }
        if (value.isArray()) {
            return NODES.stringNode("not an array");
        }
        return NODES.numberNode(-1);
    }

    private String word() {
        return WORDS[rnd.nextInt(WORDS.length)];
    }

    private static int intOr(JsonNode s, String field, int fallback) {
        JsonNode v = s.get(field);
        if (v != null && v.isNumber()) {
            return v.intValue();
        }
        if (v != null && v.isString()) { // Google encodes int64 as strings
            try {
                return Integer.parseInt(v.stringValue());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static double numberOr(JsonNode s, String field, double fallback) {
        JsonNode v = s.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : fallback;
    }
}
