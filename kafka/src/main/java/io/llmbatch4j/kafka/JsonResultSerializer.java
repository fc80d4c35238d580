package io.llmbatch4j.kafka;

import io.llmbatch4j.core.WorkItemResult;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@link ResultSerializer#json()}. */
final class JsonResultSerializer<T, C> implements ResultSerializer<T, C> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String serialize(WorkItemResult<T, RecordContext<C>> r) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", r.itemId());
        line.put("success", r.success());
        if (r.success()) {
            Object output = r.output();
            if (output == null || output instanceof String) {
                line.put("output", (String) output);
            } else {
                line.set("output", JSON.valueToTree(output));
            }
        } else if (r.error() != null) {
            ObjectNode error = line.putObject("error");
            error.put("kind", r.error().kind().name());
            error.put("message", r.error().message());
        }
        line.put("model", r.model());
        line.put("attempts", r.attempts());
        ObjectNode tokens = line.putObject("tokens");
        tokens.put("input", r.usage().inputTokens());
        tokens.put("output", r.usage().outputTokens());
        tokens.put("cached", r.usage().cachedInputTokens());
        line.put("latencyMs", r.duration().toMillis());
        RecordContext<C> source = r.context();
        if (source != null) {
            ObjectNode from = line.putObject("source");
            from.put("topic", source.topic());
            from.put("partition", source.partition());
            from.put("offset", source.offset());
        }
        return JSON.writeValueAsString(line);
    }
}
