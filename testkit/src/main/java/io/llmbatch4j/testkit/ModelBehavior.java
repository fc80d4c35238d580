package io.llmbatch4j.testkit;

/**
 * How one model behaves: how good its JSON answers are, and how large its context window is.
 *
 * <p>Answer quality applies only when the request asks for JSON (OpenAI
 * {@code response_format}, Anthropic {@code output_config.format}, Gemini
 * {@code responseMimeType: application/json}); plain-text answers are never spoiled. The choice is
 * drawn per attempt, so a retry of the same body can get a good answer.
 *
 * @param invalidJsonRate      share 0..1 of answers that are not parseable JSON
 * @param schemaViolationRate  share 0..1 of answers that are valid JSON but break the requested schema
 *                             (a required property missing, a value outside its enum or of the wrong type)
 * @param contextWindow        prompt tokens (as the fake estimates them) above which the provider's
 *                             context-overflow 400 is returned; {@code 0} = unlimited (the default)
 */
public record ModelBehavior(double invalidJsonRate, double schemaViolationRate, int contextWindow) {

    private static final ModelBehavior PERFECT = new ModelBehavior(0, 0, 0);

    /**
     * Answer quality with an unlimited context window.
     *
     * @param invalidJsonRate share 0..1 of answers that are not parseable JSON
     * @param schemaViolationRate share 0..1 of answers that break the requested schema
     */
    public ModelBehavior(double invalidJsonRate, double schemaViolationRate) {
        this(invalidJsonRate, schemaViolationRate, 0);
    }

    /**
     * @param invalidJsonRate share 0..1 of answers that are not parseable JSON
     * @param schemaViolationRate share 0..1 of answers that break the requested schema
     * @param contextWindow the largest prompt in tokens; 0 = unlimited
     * @throws IllegalArgumentException naming every bad field
     */
    public ModelBehavior {
        StringBuilder bad = new StringBuilder();
        if (!(invalidJsonRate >= 0 && invalidJsonRate <= 1)) {
            bad.append("modelBehavior.invalidJsonRate must be in [0, 1] (was ").append(invalidJsonRate).append("); ");
        }
        if (!(schemaViolationRate >= 0 && schemaViolationRate <= 1)) {
            bad.append("modelBehavior.schemaViolationRate must be in [0, 1] (was ").append(schemaViolationRate)
                    .append("); ");
        }
        if (contextWindow < 0) {
            bad.append("modelBehavior.contextWindow must be >= 0, 0 = unlimited (was ").append(contextWindow)
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

    /** {@return every answer valid and schema-conforming (the default)} */
    public static ModelBehavior perfect() {
        return PERFECT;
    }

    /**
     * Answers of which a share is not parseable JSON.
     *
     * @param rate share 0..1
     * @return the behaviour
     */
    public static ModelBehavior invalidJson(double rate) {
        return new ModelBehavior(rate, 0);
    }

    /**
     * Answers of which a share breaks the requested schema.
     *
     * @param rate share 0..1
     * @return the behaviour
     */
    public static ModelBehavior schemaViolation(double rate) {
        return new ModelBehavior(0, rate);
    }

    /**
     * Perfect answers and a context window of {@code tokens} prompt tokens.
     *
     * @param tokens the largest prompt in tokens
     * @return the behaviour
     */
    public static ModelBehavior withContextWindow(int tokens) {
        return new ModelBehavior(0, 0, tokens);
    }

    /**
     * A copy with the given share of schema violations.
     *
     * @param rate share 0..1
     * @return the copy
     */
    public ModelBehavior schemaViolations(double rate) {
        return new ModelBehavior(invalidJsonRate, rate, contextWindow);
    }

    /**
     * A copy with the given share of invalid JSON answers.
     *
     * @param rate share 0..1
     * @return the copy
     */
    public ModelBehavior invalidJsonAnswers(double rate) {
        return new ModelBehavior(rate, schemaViolationRate, contextWindow);
    }

    /**
     * A copy whose prompts may hold at most {@code tokens} tokens (0 = unlimited).
     *
     * @param tokens the largest prompt in tokens; 0 = unlimited
     * @return the copy
     */
    public ModelBehavior contextWindow(int tokens) {
        return new ModelBehavior(invalidJsonRate, schemaViolationRate, tokens);
    }
}
