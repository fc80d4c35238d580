package io.llmbatch4j.strategies;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.ValidationFailedException.Violation;
import io.llmbatch4j.core.ValidationFailedException;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.FinishReason;
import io.llmbatch4j.providers.ResponseSchema;
import io.llmbatch4j.strategies.internal.RecordAnswers;
import io.llmbatch4j.strategies.internal.RecordSchemas;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Asks for an answer shaped as the record {@code T} and returns it parsed and validated.
 *
 * <p><b>Schema.</b> Derived once from {@code T} (victools): nested records, lists, enums,
 * {@code Optional} and {@code @Nullable} components (nullable), and the Bean Validation constraints
 * JSON Schema can express ({@code @Size}, {@code @Min}/{@code @Max}, {@code @Pattern},
 * {@code @Email}, {@code @NotNull}, ...). In strict mode (the default) every object lists all its
 * properties as required and forbids others, optional ones being nullable: the subset OpenAI's
 * strict structured output accepts, and valid for the others. The client sends it in its provider's
 * form (OpenAI {@code response_format}, Anthropic {@code output_config.format}, Gemini
 * {@code responseJsonSchema}).
 *
 * <p><b>Validation.</b> The answer text is parsed with Jackson and validated with Hibernate
 * Validator. Anything wrong — text that is not JSON, a missing or mistyped field, a broken
 * constraint, a refusal, an answer cut at the output cap — fails the attempt with a
 * {@link ValidationFailedException} (kind {@code VALIDATION}) carrying the raw text, every violation
 * (property path + message), the top-level fields that passed with their values, and the tokens the
 * call spent, so they are counted in the item's usage. Provider errors pass through unchanged.
 *
 * <p>Stateless: one instance serves any number of concurrent items.
 *
 * @param <T> the record the answer must match
 */
public final class StructuredOutputStrategy<T extends Record> implements LLMCallStrategy<T> {

    private final ChatClient client;
    private final String model;
    private final Class<T> type;
    private final @Nullable String systemPrompt;
    private final @Nullable Double temperature;
    private final @Nullable Integer maxOutputTokens;
    private final ResponseSchema schema;
    private final RecordAnswers<T> answers;

    private StructuredOutputStrategy(Builder<T> b, ResponseSchema schema, RecordAnswers<T> answers) {
        this.client = b.client;
        this.model = b.model;
        this.type = b.type;
        this.systemPrompt = b.systemPrompt;
        this.temperature = b.temperature;
        this.maxOutputTokens = b.maxOutputTokens;
        this.schema = schema;
        this.answers = answers;
    }

    /**
     * A builder for answers shaped as {@code type} from {@code model} via {@code client}.
     *
     * @param client the client to call
     * @param model the model to ask
     * @param type the record the answer must match
     * @param <T> the record type
     * @return a builder
     */
    public static <T extends Record> Builder<T> builder(ChatClient client, String model, Class<T> type) {
        return new Builder<>(client, model, type);
    }

    /**
     * The request this strategy sends for {@code prompt}.
     *
     * @param prompt the item's prompt
     * @return the request, with the schema
     */
    public ChatRequest request(String prompt) {
        ChatRequest.Builder b = ChatRequest.builder(model).temperature(temperature).maxOutputTokens(maxOutputTokens)
                .responseSchema(schema);
        if (systemPrompt != null) {
            b.system(systemPrompt);
        }
        return b.user(prompt).build();
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> client.chat(request(prompt))).map(this::read);
    }

    /**
     * The validated output of {@code response}, with its usage, model and quota.
     *
     * @param response the model's answer
     * @return the parsed and validated output
     * @throws ValidationFailedException as described on the class
     */
    public LLMResponse<T> read(ChatResponse response) {
        if (response.refusal() != null || response.finishReason() == FinishReason.CONTENT_FILTER) {
            String why = response.refusal() != null ? "the model refused: " + response.refusal()
                    : "the provider filtered the answer (" + response.providerFinishReason() + ")";
            throw new ValidationFailedException(why, response.text(), List.of(new Violation("", why)), Map.of(),
                    response.usage(), null);
        }
        try {
            return response.toLLMResponse().withOutput(answers.read(response.text(), response.usage()));
        } catch (ValidationFailedException e) {
            if (response.finishReason() != FinishReason.LENGTH) {
                throw e;
            }
            String why = "the answer was cut at the output token cap (" + maxOutputTokens + ")";
            throw new ValidationFailedException(why + "; " + e.getMessage(), e.rawOutput(),
                    List.of(new Violation("", why + ": answer more briefly")), e.passedFields(), e.usage(), e);
        }
    }

    /** {@return the JSON Schema sent with every request} */
    public JsonNode schema() {
        return schema.schema();
    }

    /** {@return the schema as sent, with its name and strictness} */
    public ResponseSchema responseSchema() {
        return schema;
    }

    /** {@return the model this strategy asks} */
    public String model() {
        return model;
    }

    /** {@return the record the answers are parsed into} */
    public Class<T> type() {
        return type;
    }

    /**
     * This strategy asking {@code otherModel} instead (same client, prompt, schema and parameters).
     *
     * @param otherModel the model to ask
     * @return a copy of this strategy
     */
    public StructuredOutputStrategy<T> withModel(String otherModel) {
        Builder<T> b = new Builder<>(client, otherModel, type).systemPrompt(systemPrompt).temperature(temperature)
                .maxOutputTokens(maxOutputTokens).strict(schema.strict()).schemaName(schema.name());
        b.check();
        return new StructuredOutputStrategy<>(b, schema, answers);
    }

    /** The client's provider and this strategy's model, for metrics and cost of every attempt. */
    @Override
    public CallTarget describe(Attempt attempt) {
        return client.target(model);
    }

    @Override
    public String toString() {
        return "StructuredOutputStrategy[" + client.provider() + "/" + model + ", " + type.getSimpleName() + "]";
    }

    /** Builds a {@link StructuredOutputStrategy}; {@link #build()} names every bad field at once. */
    public static final class Builder<T extends Record> {
        private final ChatClient client;
        private final String model;
        private final Class<T> type;
        private @Nullable String systemPrompt;
        private @Nullable Double temperature;
        private @Nullable Integer maxOutputTokens;
        private boolean strict = true;
        private @Nullable String schemaName;

        private Builder(ChatClient client, String model, Class<T> type) {
            this.client = Objects.requireNonNull(client, "client");
            this.model = model;
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * A system prompt sent before every item's prompt.
         *
         * @param systemPrompt the system prompt, or {@code null} for none
         * @return this builder
         */
        public Builder<T> systemPrompt(@Nullable String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        /**
         * Sampling temperature, as {@link ChatRequest#temperature()}.
         *
         * @param temperature the temperature, or {@code null} for the provider's default
         * @return this builder
         */
        public Builder<T> temperature(@Nullable Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Cap on generated tokens, as {@link ChatRequest#maxOutputTokens()}; an answer cut at the cap fails
         * validation.
         *
         * @param maxOutputTokens the cap, or {@code null} for the catalog's default
         * @return this builder
         */
        public Builder<T> maxOutputTokens(@Nullable Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /**
         * Strict schema (default true): see the class comment.
         *
         * @param strict whether the schema is strict
         * @return this builder
         */
        public Builder<T> strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * The schema's name on the wire; default the record's simple name.
         *
         * @param schemaName the name, or {@code null} for the record's simple name
         * @return this builder
         */
        public Builder<T> schemaName(@Nullable String schemaName) {
            this.schemaName = schemaName;
            return this;
        }

        private void check() {
            String name = schemaName != null ? schemaName : type.getSimpleName();
            new ConfigChecks("StructuredOutputStrategy")
                    .check(model != null && !model.isBlank(), "model", "must not be blank", model)
                    .check(temperature == null || (temperature >= 0 && temperature <= 2), "temperature",
                            "must be between 0 and 2", temperature)
                    .check(maxOutputTokens == null || maxOutputTokens >= 1, "maxOutputTokens", "must be >= 1",
                            maxOutputTokens)
                    .check(name.matches("[A-Za-z0-9_-]{1,64}"), "schemaName",
                            "must be 1-64 characters of [A-Za-z0-9_-]", name)
                    .throwIfAny();
        }

        /**
         * @return the strategy, its schema derived from the record
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field
         */
        public StructuredOutputStrategy<T> build() {
            check();
            String name = schemaName != null ? schemaName : type.getSimpleName();
            ResponseSchema schema = new ResponseSchema(name, RecordSchemas.of(type, strict), strict);
            return new StructuredOutputStrategy<>(this, schema, new RecordAnswers<>(type));
        }
    }
}
