package io.llmbatch4j.providers;

import io.llmbatch4j.core.ConfigChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chat call, in provider-neutral form. Each client adapts it to its provider and to the model
 * as the {@link ModelCatalog} describes it (token parameter name, temperature and system-role
 * support), so callers never write per-model {@code if}s.
 *
 * <p>Immutable; {@link #builder(String)} refuses bad values naming every bad field.
 */
public final class ChatRequest {

    /** OpenAI accepts at most four stop sequences; the strictest provider sets the bound. */
    public static final int MAX_STOP_SEQUENCES = 4;

    private final String model;
    private final List<ChatMessage> messages;
    private final @Nullable Double temperature;
    private final @Nullable Integer maxOutputTokens;
    private final @Nullable ResponseSchema responseSchema;
    private final List<String> stopSequences;
    private final @Nullable String cachedContent;

    private ChatRequest(Builder b) {
        this.model = b.model;
        this.messages = List.copyOf(b.messages);
        this.temperature = b.temperature;
        this.maxOutputTokens = b.maxOutputTokens;
        this.responseSchema = b.responseSchema;
        this.stopSequences = List.copyOf(b.stopSequences);
        this.cachedContent = b.cachedContent;
    }

    /**
     * A builder for a request to {@code model}.
     *
     * @param model the model to ask
     * @return a builder
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /**
     * The common case: an optional system prompt and one user message.
     *
     * @param model the model to ask
     * @param system the system prompt, or {@code null} for none
     * @param user the user message
     * @return the request
     */
    public static ChatRequest of(String model, @Nullable String system, String user) {
        Builder b = builder(model);
        if (system != null) {
            b.system(system);
        }
        return b.user(user).build();
    }

    /** {@return the model to ask} */
    public String model() {
        return model;
    }

    /** {@return the conversation, in order} */
    public List<ChatMessage> messages() {
        return messages;
    }

    /** {@return the sampling temperature; {@code null} = the provider's default} */
    public @Nullable Double temperature() {
        return temperature;
    }

    /** {@return the cap on generated tokens; {@code null} = the catalog's default for the model, if any} */
    public @Nullable Integer maxOutputTokens() {
        return maxOutputTokens;
    }

    /** {@return the schema the answer must follow, or {@code null} for free text} */
    public @Nullable ResponseSchema responseSchema() {
        return responseSchema;
    }

    /** {@return the sequences that stop generation (at most {@value #MAX_STOP_SEQUENCES})} */
    public List<String> stopSequences() {
        return stopSequences;
    }

    /**
     * {@return a Gemini {@code cachedContents/...} name to answer from, or {@code null}; other providers refuse
     * it}
     */
    public @Nullable String cachedContent() {
        return cachedContent;
    }

    /** {@return a builder holding this request's values} */
    public Builder toBuilder() {
        Builder b = new Builder(model);
        b.messages.addAll(messages);
        b.temperature = temperature;
        b.maxOutputTokens = maxOutputTokens;
        b.responseSchema = responseSchema;
        b.stopSequences.addAll(stopSequences);
        b.cachedContent = cachedContent;
        return b;
    }

    /** Names the model and the shape, never the prompt text. */
    @Override
    public String toString() {
        return "ChatRequest[model=" + model + ", messages=" + messages.size()
                + (temperature != null ? ", temperature=" + temperature : "")
                + (maxOutputTokens != null ? ", maxOutputTokens=" + maxOutputTokens : "")
                + (responseSchema != null ? ", schema=" + responseSchema.name() : "")
                + (cachedContent != null ? ", cachedContent=" + cachedContent : "") + "]";
    }

    /** Builds a {@link ChatRequest}; {@link #build()} names every bad field at once. */
    public static final class Builder {
        private final String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private @Nullable Double temperature;
        private @Nullable Integer maxOutputTokens;
        private @Nullable ResponseSchema responseSchema;
        private final List<String> stopSequences = new ArrayList<>();
        private @Nullable String cachedContent;

        private Builder(String model) {
            this.model = model;
        }

        /**
         * Adds a message at the end of the conversation.
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /**
         * Adds a system message.
         *
         * @param text the text
         * @return this builder
         */
        public Builder system(String text) {
            return message(ChatMessage.system(text));
        }

        /**
         * Adds a user message.
         *
         * @param text the text
         * @return this builder
         */
        public Builder user(String text) {
            return message(ChatMessage.user(text));
        }

        /**
         * Adds an assistant message.
         *
         * @param text the text
         * @return this builder
         */
        public Builder assistant(String text) {
            return message(ChatMessage.assistant(text));
        }

        /**
         * The sampling temperature, 0 to 2 (Anthropic caps it at 1).
         *
         * @param temperature the temperature, or {@code null} for the provider's default
         * @return this builder
         */
        public Builder temperature(@Nullable Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * The cap on generated tokens.
         *
         * @param maxOutputTokens at least 1, or {@code null} for the catalog's default
         * @return this builder
         */
        public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /**
         * The schema the answer must follow.
         *
         * @param responseSchema the schema, or {@code null} for free text
         * @return this builder
         */
        public Builder responseSchema(@Nullable ResponseSchema responseSchema) {
            this.responseSchema = responseSchema;
            return this;
        }

        /**
         * Sequences that stop generation.
         *
         * @param stops at most {@value ChatRequest#MAX_STOP_SEQUENCES}
         * @return this builder
         */
        public Builder stopSequences(List<String> stops) {
            stopSequences.clear();
            stopSequences.addAll(stops);
            return this;
        }

        /**
         * A Gemini cache to answer from ({@link io.llmbatch4j.providers.gemini.GeminiCache#name()}).
         *
         * @param cachedContent the cache's name, or {@code null}
         * @return this builder
         */
        public Builder cachedContent(@Nullable String cachedContent) {
            this.cachedContent = cachedContent;
            return this;
        }

        /**
         * @return the request
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field
         */
        public ChatRequest build() {
            ConfigChecks p = new ConfigChecks("ChatRequest");
            p.check(model != null && !model.isBlank(), "model", "must not be blank", model);
            p.check(messages.stream().anyMatch(m -> m.role() != ChatMessage.Role.SYSTEM), "messages",
                    "must contain at least one user or assistant message", messages.size() + " messages");
            p.check(temperature == null || (temperature >= 0 && temperature <= 2), "temperature",
                    "must be between 0 and 2", temperature);
            p.check(maxOutputTokens == null || maxOutputTokens >= 1, "maxOutputTokens", "must be >= 1",
                    maxOutputTokens);
            p.check(stopSequences.size() <= MAX_STOP_SEQUENCES, "stopSequences",
                    "must hold at most " + MAX_STOP_SEQUENCES + " entries", stopSequences.size());
            p.check(cachedContent == null || cachedContent.startsWith("cachedContents/"), "cachedContent",
                    "must be a Gemini cache name 'cachedContents/...'", cachedContent);
            p.throwIfAny();
            return new ChatRequest(this);
        }
    }
}
