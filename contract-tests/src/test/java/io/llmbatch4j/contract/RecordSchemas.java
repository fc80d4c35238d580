package io.llmbatch4j.contract;

import io.llmbatch4j.providers.ResponseSchema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strict JSON Schema derived from a record the way structured-output callers write them: every
 * component required, no other properties, enums as string enums, lists as arrays, nested records
 * inline. Enough for the contract tests' realistic schemas; not a general generator.
 */
final class RecordSchemas {

    private RecordSchemas() {}

    static ResponseSchema of(Class<? extends Record> type, boolean strict) {
        return new ResponseSchema(type.getSimpleName(), object(type), strict);
    }

    static ObjectNode object(Class<?> record) {
        ObjectNode schema = Jsons.MAPPER.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (RecordComponent c : record.getRecordComponents()) {
            properties.set(c.getName(), of(c.getGenericType()));
            required.add(c.getName());
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode of(Type type) {
        ObjectNode node = Jsons.MAPPER.createObjectNode();
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            node.put("type", "array").set("items", of(p.getActualTypeArguments()[0]));
            return node;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return node.put("type", "string");
        }
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
            return node.put("type", "integer");
        }
        if (c == double.class || c == float.class || c == Double.class) {
            return node.put("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return node.put("type", "boolean");
        }
        if (c.isEnum()) {
            var values = node.put("type", "string").putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return node;
        }
        if (c.isRecord()) {
            return object(c);
        }
        throw new IllegalArgumentException("no schema for " + type);
    }

    /** A review as a sentiment-labelling job would ask for it. */
    record ReviewLabel(String sentiment, int stars, double confidence, boolean spam, List<String> topics,
            Reviewer reviewer) {}

    record Reviewer(String name, Level level) {}

    enum Level { NEW, REGULAR, EXPERT }

    static ResponseSchema reviewLabel(boolean strict) {
        return of(ReviewLabel.class, strict);
    }
}
