package io.llmbatch4j.contract;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fields our clients send on purpose that a published spec is too old to know, each with the
 * reason. {@link SpecGate} strips exactly these before Prism validates the rest of the body, and
 * also sends the unstripped body, whose violations must all lie on the way to a stripped field —
 * so the day a spec learns a field, the test says to remove it from here.
 *
 * @param path dotted path, {@code *} for every array element ({@code system.*.cache_control})
 * @param why why we send it although the spec does not have it
 */
record SpecLag(String path, String why) {

    /** A stripped occurrence: its concrete path ({@code system.0.cache_control}) and value. */
    record Removed(SpecLag lag, String path, JsonNode value) {

        String field() {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }

    private static final String ANTHROPIC_SPEC = "the Anthropic spec (2024-11) ";

    static final List<SpecLag> OPENAI = List.of();

    static final List<SpecLag> ANTHROPIC = List.of(
            new SpecLag("output_config", ANTHROPIC_SPEC + "predates structured outputs: output_config.format "
                    + "(json_schema) is how the API takes a response schema today; CreateMessageParams is "
                    + "additionalProperties:false without it"),
            new SpecLag("system.*.cache_control", ANTHROPIC_SPEC + "has cache_control (CacheControlEphemeral) only in "
                    + "its beta schemas (Beta*, PromptCachingBeta*); prompt caching became generally available on "
                    + "/v1/messages after it was published"),
            new SpecLag("messages.*.content.*.cache_control", ANTHROPIC_SPEC + "has cache_control (CacheControlEphemeral) only "
                    + "in its beta schemas (Beta*, PromptCachingBeta*); generally available on /v1/messages since"));

    /**
     * Message batches: each {@code params} is validated against the spec's Beta message schema,
     * which already has {@code cache_control}; {@code output_config} is as new as on /v1/messages.
     */
    static final List<SpecLag> ANTHROPIC_BATCH = List.of(
            new SpecLag("requests.*.params.output_config", ANTHROPIC.get(0).why()));

    static final List<SpecLag> GEMINI = List.of(
            new SpecLag("generationConfig.responseJsonSchema", "the Gemini document (revision 20241016) predates "
                    + "responseJsonSchema, which takes a standard JSON Schema; its responseSchema takes only an "
                    + "OpenAPI subset, which our ResponseSchema (standard JSON Schema) cannot promise to be"));

    /** Removes every occurrence of {@code lags} from {@code body} (in place) and lists what it removed. */
    static List<Removed> strip(ObjectNode body, List<SpecLag> lags) {
        List<Removed> removed = new ArrayList<>();
        for (SpecLag lag : lags) {
            strip(body, lag.path.split("\\."), 0, "", lag, removed);
        }
        return removed;
    }

    private static void strip(JsonNode node, String[] steps, int i, String at, SpecLag lag, List<Removed> out) {
        String step = steps[i];
        String prefix = at.isEmpty() ? "" : at + ".";
        if (i == steps.length - 1) {
            if (node instanceof ObjectNode object && object.has(step)) {
                out.add(new Removed(lag, prefix + step, object.remove(step)));
            }
            return;
        }
        if (step.equals("*")) {
            if (node instanceof ArrayNode array) {
                for (int k = 0; k < array.size(); k++) {
                    strip(array.get(k), steps, i + 1, prefix + k, lag, out);
                }
            }
        } else if (node.has(step)) {
            strip(node.get(step), steps, i + 1, prefix + step, lag, out);
        }
    }
}
