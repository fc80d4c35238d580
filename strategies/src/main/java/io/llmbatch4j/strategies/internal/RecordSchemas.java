package io.llmbatch4j.strategies.internal;

import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import java.lang.reflect.RecordComponent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas for records (victools): nested records, lists, enums, {@code Optional} and
 * {@code @Nullable} components as nullable, Bean Validation constraints as keywords. In strict
 * form every object lists all its properties as required and forbids others (OpenAI's strict
 * subset); without it only non-nullable components are required.
 */
public final class RecordSchemas {

    private static final SchemaGenerator STRICT = generator(true);
    private static final SchemaGenerator LENIENT = generator(false);

    private RecordSchemas() {}

    /** The schema of {@code type}. */
    public static ObjectNode of(Class<? extends Record> type, boolean strict) {
        ObjectNode schema = (strict ? STRICT : LENIENT).generateSchema(type);
        if (strict) {
            requireAll(schema);
        }
        return schema;
    }

    private static SchemaGenerator generator(boolean strict) {
        SchemaGeneratorConfigBuilder b = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(Option.FLATTENED_OPTIONALS, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS));
        // keep the record's component order (models tend to answer in schema order); the sort is stable
        b.forTypesInGeneral().withPropertySorter((x, y) -> 0);
        b.forFields().withNullableCheck(RecordSchemas::nullable);
        b.forFields().withRequiredCheck(field -> strict || !nullable(field));
        return new SchemaGenerator(b.build());
    }

    private static boolean nullable(FieldScope field) {
        if (field.getType().getErasedType().isPrimitive()) {
            return false;
        }
        Class<?> owner = field.getDeclaringType().getErasedType();
        if (owner.isRecord()) {
            for (RecordComponent c : owner.getRecordComponents()) {
                if (c.getName().equals(field.getDeclaredName())) {
                    return Nullability.isNullable(c);
                }
            }
        }
        return false;
    }

    /** Every object: all properties required (victools leaves nested required lists as it found them). */
    private static void requireAll(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode props = o.get("properties");
            if (props != null && props.isObject()) {
                ArrayNode required = o.putArray("required");
                props.propertyNames().forEach(required::add);
                o.put("additionalProperties", false);
            }
            o.values().forEach(RecordSchemas::requireAll);
        } else if (node != null && node.isArray()) {
            node.forEach(RecordSchemas::requireAll);
        }
    }
}
