package io.llmbatch4j.providers;

import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema the answer must follow, sent in each provider's structured-output form
 * (OpenAI {@code response_format.json_schema}, Anthropic {@code output_config.format},
 * Gemini {@code generationConfig.responseJsonSchema}).
 *
 * @param name a name for the schema: letters, digits, {@code _} and {@code -}, at most 64
 *     characters (OpenAI's rule)
 * @param schema a standard JSON Schema object
 * @param strict ask for strict adherence where the provider supports it
 */
public record ResponseSchema(String name, JsonNode schema, boolean strict) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Checks the name and that the schema is a JSON object.
     *
     * @param name 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param schema a JSON Schema object
     * @param strict whether to ask for strict adherence
     * @throws IllegalArgumentException naming the bad field
     */
    public ResponseSchema {
        Objects.requireNonNull(name, "ResponseSchema.name must not be null");
        Objects.requireNonNull(schema, "ResponseSchema.schema must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ResponseSchema.name must be 1-64 characters of "
                    + "[A-Za-z0-9_-] (was '" + name + "')");
        }
        if (!schema.isObject()) {
            throw new IllegalArgumentException("ResponseSchema.schema must be a JSON object (was "
                    + schema.getNodeType() + ")");
        }
    }

    /**
     * A strict schema.
     *
     * @param name 1-64 characters of {@code [A-Za-z0-9_-]}
     * @param schema a JSON Schema object
     * @return the schema
     */
    public static ResponseSchema of(String name, JsonNode schema) {
        return new ResponseSchema(name, schema, true);
    }
}
