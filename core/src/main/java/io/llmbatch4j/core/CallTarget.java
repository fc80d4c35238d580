package io.llmbatch4j.core;

import java.util.Objects;

/**
 * What a strategy's call goes to, as {@link LLMCallStrategy#describe} reports it: used for the
 * OpenTelemetry {@code gen_ai.*} tags ({@code gen_ai.provider.name}, {@code gen_ai.request.model},
 * {@code gen_ai.operation.name}) and for cost by model.
 *
 * @param provider the provider's name as in the OpenTelemetry conventions, e.g. {@code "openai"},
 *     {@code "anthropic"}, {@code "gcp.gemini"}, {@code "groq"}
 * @param model the requested model
 * @param operation the operation, e.g. {@link #CHAT} or {@link #GENERATE_CONTENT}
 */
public record CallTarget(String provider, String model, String operation) {

    /** The OpenTelemetry operation name of chat completions and messages. */
    public static final String CHAT = "chat";
    /** The OpenTelemetry operation name of Gemini's generateContent. */
    public static final String GENERATE_CONTENT = "generate_content";

    /**
     * Checks that no component is null.
     *
     * @param provider the provider's name ({@code gen_ai.provider.name})
     * @param model the model the call asks for
     * @param operation the operation ({@code gen_ai.operation.name})
     */
    public CallTarget {
        Objects.requireNonNull(provider, "CallTarget.provider");
        Objects.requireNonNull(model, "CallTarget.model");
        Objects.requireNonNull(operation, "CallTarget.operation");
    }

    /**
     * A chat call of {@code model} at {@code provider}.
     *
     * @param provider the provider's name
     * @param model the model
     * @return the target, operation {@code chat}
     */
    public static CallTarget chat(String provider, String model) {
        return new CallTarget(provider, model, CHAT);
    }
}
