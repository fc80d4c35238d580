package io.llmbatch4j.kafka;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link RecordMapper#json}: {@code {"id","prompt","model"?}} values. */
final class JsonRecordMapper<T> implements RecordMapper<T, Void> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<@Nullable String, LLMCallStrategy<T>> strategyForModel;

    JsonRecordMapper(Function<@Nullable String, LLMCallStrategy<T>> strategyForModel) {
        this.strategyForModel = strategyForModel;
    }

    @Override
    public LLMWorkItem<T, Void> map(ConsumerRecord<String, String> record) {
        String value = record.value();
        if (value == null) {
            throw new PoisonRecordException("no value (a null record)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JacksonException e) {
            throw new PoisonRecordException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new PoisonRecordException("not a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || !(id.isString() || id.isIntegralNumber()) || id.asString().isBlank()) {
            throw new PoisonRecordException("field 'id' is missing or not a string/integer");
        }
        JsonNode prompt = node.get("prompt");
        if (prompt == null || !prompt.isString()) {
            throw new PoisonRecordException("field 'prompt' is missing or not a string (id " + id.asString() + ")");
        }
        JsonNode model = node.get("model");
        String modelName = model != null && model.isString() ? model.asString() : null;
        return LLMWorkItem.of(id.asString(), strategyForModel.apply(modelName), prompt.asString());
    }
}
