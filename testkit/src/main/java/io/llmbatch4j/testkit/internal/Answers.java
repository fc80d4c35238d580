package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.ModelBehavior;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * The answer text of one choice. Plain text is 6–24 words drawn from (seed, request), the same for
 * every attempt. JSON answers follow the schema (or are {@code {"answer": "..."}} without one); the
 * model's {@link ModelBehavior} may spoil them, drawn per attempt: invalid JSON (cut short) or a
 * value that breaks the schema.
 */
public final class Answers {

    /** What was asked: plain text, any JSON object, or JSON following {@code schema}. */
    public record Format(boolean json, JsonNode schema) {
        public static final Format TEXT = new Format(false, null);
        public static final Format JSON_OBJECT = new Format(true, null);

        public static Format schema(JsonNode schema) {
            return new Format(true, schema);
        }
    }

    private Answers() {}

    public static String answer(Dice dice, int choice, Format format, ModelBehavior behavior) {
        SplittableRandom stable = dice.stable("answer-" + choice);
        if (!format.json()) {
            return sentence(stable);
        }
        JsonNode value;
        if (format.schema() != null) {
            value = SchemaValues.generate(format.schema(), stable);
        } else {
            value = Json.object().put("answer", sentence(stable));
        }
        double u = dice.uniform("quality-" + choice);
        if (u < behavior.invalidJsonRate()) {
            return invalid(Json.write(value));
        }
        if (format.schema() != null && u < behavior.invalidJsonRate() + behavior.schemaViolationRate()) {
            value = SchemaValues.violate(format.schema(), value);
        }
        return Json.write(value);
    }

    private static String sentence(SplittableRandom r) {
        int n = 6 + r.nextInt(19);
        StringBuilder sb = new StringBuilder("Fake answer:");
        for (int k = 0; k < n; k++) {
            sb.append(' ').append(SchemaValues.WORDS[r.nextInt(SchemaValues.WORDS.length)]);
        }
        return sb.append('.').toString();
    }

    /** JSON text that no parser accepts: the value cut short (always leaves an open object, array or string). */
    private static String invalid(String json) {
        if (json.startsWith("{") || json.startsWith("[") || json.startsWith("\"")) {
            return json.substring(0, Math.max(1, json.length() - 2));
        }
        return "{\"value\": " + json;
    }
}
