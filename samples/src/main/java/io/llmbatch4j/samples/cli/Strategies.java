package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.providers.ChatClient;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ResponseSchema;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.strategies.ModelEscalationStrategy;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The strategy for each model a run uses, made once per model: a plain chat or, with a schema,
 * structured output, escalating through {@code --escalate} models when an answer fails
 * validation. Temperature and the answer cap go in every request; the client adapts them to each
 * model as the catalog says (a model that takes only its default temperature gets none, said once).
 */
final class Strategies {

    private final ChatClient client;
    private final @Nullable String system;
    private final @Nullable ResponseSchema schema;
    private final JsonMapper json;
    private final @Nullable Double temperature;
    private final @Nullable Integer maxTokens;
    private final List<String> escalate;
    private final PrintStream err;
    private final Map<String, LLMCallStrategy<String>> byModel = new ConcurrentHashMap<>();
    private final Set<String> noted = ConcurrentHashMap.newKeySet();

    Strategies(ChatClient client, @Nullable String system, @Nullable ResponseSchema schema, JsonMapper json,
            @Nullable Double temperature, @Nullable Integer maxTokens, List<String> escalate, PrintStream err) {
        this.client = client;
        this.system = system;
        this.schema = schema;
        this.json = json;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.escalate = escalate;
        this.err = err;
    }

    /** The strategy for items asking for {@code model}. */
    LLMCallStrategy<String> forModel(String model) {
        return byModel.computeIfAbsent(model, name -> escalate.isEmpty() ? single(name)
                : ModelEscalationStrategy.ofModels(Stream.concat(Stream.of(name), escalate.stream()).distinct().toList(),
                        this::single));
    }

    private LLMCallStrategy<String> single(String model) {
        if (temperature != null && !client.catalog().resolve(client.provider(), model).supportsTemperature()
                && noted.add(model)) {
            err.println("llmbatch: note: " + model + " takes only its default temperature; --temperature is not sent"
                    + " to it");
        }
        if (schema != null) {
            return new SchemaChatStrategy(client, model, system, schema, json, this::options);
        }
        return ChatStrategy.builder(client, model).systemPrompt(system).temperature(temperature)
                .maxOutputTokens(maxTokens).build();
    }

    /** Sets temperature and answer cap on a request. */
    private ChatRequest.Builder options(ChatRequest.Builder request) {
        return request.temperature(temperature).maxOutputTokens(maxTokens);
    }
}
