package io.llmbatch4j.testkit;

/**
 * How good one model's JSON answers are. Applies only when the request asks for JSON (OpenAI
 * {@code response_format}, Anthropic {@code output_config.format}, Gemini
 * {@code responseMimeType: application/json}); plain-text answers are never spoiled. The choice is
 * drawn per attempt, so a retry of the same body can get a good answer.
 *
 * @param invalidJsonRate      share 0..1 of answers that are not parseable JSON
 * @param schemaViolationRate  share 0..1 of answers that are valid JSON but break the requested schema
 *                             (a required property missing, a value outside its enum or of the wrong type)
 */
public record ModelBehavior(double invalidJsonRate, double schemaViolationRate) {

    private static final ModelBehavior PERFECT = new ModelBehavior(0, 0);

    /** @throws IllegalArgumentException naming every bad field */
    public ModelBehavior {
        StringBuilder bad = new StringBuilder();
        if (!(invalidJsonRate >= 0 && invalidJsonRate <= 1)) {
            bad.append("modelBehavior.invalidJsonRate must be in [0, 1] (was ").append(invalidJsonRate).append("); ");
        }
        if (!(schemaViolationRate >= 0 && schemaViolationRate <= 1)) {
            bad.append("modelBehavior.schemaViolationRate must be in [0, 1] (was ").append(schemaViolationRate)
                    .append("); ");
        }
        if (bad.length() == 0 && invalidJsonRate + schemaViolationRate > 1.0 + 1e-9) {
            bad.append("modelBehavior.invalidJsonRate + schemaViolationRate must be <= 1 (was ")
                    .append(invalidJsonRate + schemaViolationRate).append("); ");
        }
        if (bad.length() > 0) {
            throw new IllegalArgumentException(bad.substring(0, bad.length() - 2));
        }
    }

    /** Every answer valid and schema-conforming (the default). */
    public static ModelBehavior perfect() {
        return PERFECT;
    }

    public static ModelBehavior invalidJson(double rate) {
        return new ModelBehavior(rate, 0);
    }

    public static ModelBehavior schemaViolation(double rate) {
        return new ModelBehavior(0, rate);
    }

    /** A copy with the given share of schema violations. */
    public ModelBehavior schemaViolations(double rate) {
        return new ModelBehavior(invalidJsonRate, rate);
    }

    /** A copy with the given share of invalid JSON answers. */
    public ModelBehavior invalidJsonAnswers(double rate) {
        return new ModelBehavior(rate, schemaViolationRate);
    }
}
