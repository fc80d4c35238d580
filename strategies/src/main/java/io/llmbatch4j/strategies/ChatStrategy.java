package io.llmbatch4j.strategies;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.batch.BatchableStrategy;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The plain case: one client, one model, an optional system prompt and sampling parameters; the
 * item's prompt is the user message and the answer's text is the output.
 *
 * <p>Each attempt sends one request; the client's typed exceptions reach the processor as they
 * are, so rate limits, transient failures and model limitations are classified and retried by the
 * processor's policy. Stateless: share one instance across all items. Also a
 * {@link BatchableStrategy}: the offline Batch API runner sends the same request.
 */
public final class ChatStrategy implements BatchableStrategy<String> {

    private final ChatClient client;
    private final String model;
    private final @Nullable String systemPrompt;
    private final @Nullable Double temperature;
    private final @Nullable Integer maxOutputTokens;

    private ChatStrategy(Builder b) {
        this.client = b.client;
        this.model = b.model;
        this.systemPrompt = b.systemPrompt;
        this.temperature = b.temperature;
        this.maxOutputTokens = b.maxOutputTokens;
    }

    /**
     * A builder for a strategy asking {@code model} through {@code client}.
     *
     * @param client the client to call
     * @param model the model to ask
     * @return a builder
     */
    public static Builder builder(ChatClient client, String model) {
        return new Builder(client, model);
    }

    /** The request this strategy sends for {@code prompt} (realtime, and as a line of an offline batch). */
    @Override
    public ChatRequest request(String prompt) {
        ChatRequest.Builder b = ChatRequest.builder(model).temperature(temperature).maxOutputTokens(maxOutputTokens);
        if (systemPrompt != null) {
            b.system(systemPrompt);
        }
        return b.user(prompt).build();
    }

    @Override
    public Mono<LLMResponse<String>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> client.chat(request(prompt))).map(r -> r.toLLMResponse());
    }

    /** The answer's text. */
    @Override
    public String output(ChatResponse response) {
        return response.text();
    }

    /** {@return the model this strategy asks} */
    public String model() {
        return model;
    }

    /** The client's provider and this strategy's model, for metrics and cost of every attempt. */
    @Override
    public CallTarget describe(Attempt attempt) {
        return client.target(model);
    }

    @Override
    public String toString() {
        return "ChatStrategy[" + client.provider() + "/" + model + "]";
    }

    /** Builds a {@link ChatStrategy}; {@link #build()} names every bad field at once. */
    public static final class Builder {
        private final ChatClient client;
        private final String model;
        private @Nullable String systemPrompt;
        private @Nullable Double temperature;
        private @Nullable Integer maxOutputTokens;

        private Builder(ChatClient client, String model) {
            this.client = Objects.requireNonNull(client, "client");
            this.model = model;
        }

        /**
         * A system prompt sent before every item's prompt.
         *
         * @param systemPrompt the system prompt, or {@code null} for none
         * @return this builder
         */
        public Builder systemPrompt(@Nullable String systemPrompt) {
            this.systemPrompt = systemPrompt;
            return this;
        }

        /**
         * Sampling temperature, as {@link ChatRequest#temperature()}.
         *
         * @param temperature the temperature, or {@code null} for the provider's default
         * @return this builder
         */
        public Builder temperature(@Nullable Double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Cap on generated tokens, as {@link ChatRequest#maxOutputTokens()}.
         *
         * @param maxOutputTokens the cap, or {@code null} for the catalog's default
         * @return this builder
         */
        public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /**
         * @return the strategy
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field, checked by
         *     building the request this strategy will send
         */
        public ChatStrategy build() {
            ChatStrategy strategy = new ChatStrategy(this);
            strategy.request("validation probe");
            return strategy;
        }
    }
}
