package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ResponseSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Structured output from a JSON Schema file: the schema goes to the provider, and an answer that
 * is not JSON, not an object, or lacks a property the schema requires is a validation failure
 * (retried at once by the processor), with the raw text and the missing fields in the error.
 */
final class SchemaChatStrategy implements LLMCallStrategy<String> {

    private final ChatClient client;
    private final String model;
    private final @Nullable String system;
    private final ResponseSchema schema;
    private final JsonMapper json;
    private final UnaryOperator<ChatRequest.Builder> options;

    /** @param options sets what every request carries besides the prompt (temperature, answer cap) */
    SchemaChatStrategy(ChatClient client, String model, @Nullable String system, ResponseSchema schema,
            JsonMapper json, UnaryOperator<ChatRequest.Builder> options) {
        this.options = options;
        this.client = client;
        this.model = model;
        this.system = system;
        this.schema = schema;
        this.json = json;
    }

    @Override
    public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> {
            ChatRequest.Builder b = options.apply(ChatRequest.builder(model).responseSchema(schema));
            if (system != null) {
                b.system(system);
            }
            return client.chat(b.user(prompt).build());
        }).map(response -> {
            check(response.text(), response.usage());
            return response.toLLMResponse();
        });
    }

    @Override
    public CallTarget describe(Attempt attempt) {
        return client.target(model);
    }

    private void check(String text, io.llmbatch4j.core.TokenUsage usage) {
        JsonNode answer;
        try {
            answer = json.readTree(text);
        } catch (RuntimeException e) {
            throw new ValidationFailedException("answer is not valid JSON", text, List.of(
                    new ValidationFailedException.Violation("$", "not valid JSON")), java.util.Map.of(), usage, null);
        }
        if (answer == null || !answer.isObject()) {
            throw new ValidationFailedException("answer is not a JSON object", text, List.of(
                    new ValidationFailedException.Violation("$", "must be an object")), java.util.Map.of(), usage, null);
        }
        List<ValidationFailedException.Violation> missing = new ArrayList<>();
        for (JsonNode required : schema.schema().path("required")) {
            if (!answer.has(required.asString())) {
                missing.add(new ValidationFailedException.Violation(required.asString(), "is required"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ValidationFailedException("answer lacks required fields", text, missing, java.util.Map.of(),
                    usage, null);
        }
    }
}
