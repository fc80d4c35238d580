package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.WorkItemResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One output line: what happened to one input item, with its tokens, cost (null when the model
 * has no price) and latency.
 */
final class ResultLine {

    private ResultLine() {}

    /**
     * @param jsonOutput the output is a JSON document (structured output) and is embedded as JSON
     */
    static String of(WorkItemResult<String, InputLines.Entry> r, String provider, String requestedModel,
            Pricing pricing, boolean jsonOutput, JsonMapper json) {
        ObjectNode line = json.createObjectNode();
        line.put("id", r.itemId());
        line.put("success", r.success());
        if (r.success()) {
            if (jsonOutput) {
                line.set("output", parseOrText(r.output(), json));
            } else {
                line.put("output", r.output());
            }
        } else {
            ObjectNode error = line.putObject("error");
            error.put("kind", r.error().kind().name());
            error.put("message", r.error().message());
        }
        String model = r.model() != null ? r.model() : requestedModel;
        line.put("model", model);
        line.put("attempts", r.attempts());
        ObjectNode tokens = line.putObject("tokens");
        tokens.put("input", r.usage().inputTokens());
        tokens.put("output", r.usage().outputTokens());
        tokens.put("cached", r.usage().cachedInputTokens());
        // priced by the model asked for: the catalog knows it by that name
        Double usd = pricing.costOrNull(provider, requestedModel, r.usage());
        if (usd == null) {
            line.putNull("costUsd");
        } else {
            line.put("costUsd", Math.round(usd * 1e8) / 1e8);
        }
        line.put("latencyMs", r.duration().toMillis());
        InputLines.Entry entry = r.context();
        if (entry != null) {
            line.put("line", entry.lineNumber());
            if (entry.context() != null) {
                line.set("context", entry.context());
            }
        }
        return json.writeValueAsString(line);
    }

    private static JsonNode parseOrText(String output, JsonMapper json) {
        try {
            return json.readTree(output);
        } catch (RuntimeException e) {
            return json.getNodeFactory().stringNode(output);
        }
    }
}
