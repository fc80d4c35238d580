package io.llmbatch4j.providers;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which request field caps the output tokens of an OpenAI-compatible model. */
public enum TokenParameter {
    /** {@code max_completion_tokens}: every current OpenAI model; required by reasoning models. */
    MAX_COMPLETION_TOKENS("max_completion_tokens"),
    /** {@code max_tokens}: deprecated by OpenAI, still what some OpenAI-compatible servers expect. */
    MAX_TOKENS("max_tokens");

    private final String wireName;

    TokenParameter(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the JSON field name (also how the catalog YAML spells it)} */
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
