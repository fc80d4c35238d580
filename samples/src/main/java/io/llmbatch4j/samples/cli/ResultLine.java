package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.ModelCatalog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One output line: what happened to one input item, with its tokens, cost and latency. */
final class ResultLine {

    private ResultLine() {}

    /**
     * @param jsonOutput the output is a JSON document (structured output) and is embedded as JSON
     */
    static String of(WorkItemResult<String, InputLines.Entry> r, String provider, String requestedModel,
            ModelCatalog catalog, boolean jsonOutput, JsonMapper json) {
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
        line.put("costUsd", cost(r, provider, requestedModel, catalog));
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

    /** Priced by the model that was asked for (the catalog knows it by that name). */
    private static double cost(WorkItemResult<String, InputLines.Entry> r, String provider, String requestedModel,
            ModelCatalog catalog) {
        double usd = catalog.resolve(provider, requestedModel).cost(r.usage(), 0, false);
        return Math.round(usd * 1e8) / 1e8;
    }

    private static JsonNode parseOrText(String output, JsonMapper json) {
        try {
            return json.readTree(output);
        } catch (RuntimeException e) {
            return json.getNodeFactory().stringNode(output);
        }
    }
}
