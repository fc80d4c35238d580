package io.llmbatch4j.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates recorded responses against a spec's response schemas with {@code validate-responses.js}
 * (Prism's parser and Ajv options), in one node run per spec.
 */
final class ResponseSchemaCheck {

    /**
     * A response to check: what was asked, what came back. With {@code schema} (a
     * {@code #/components/schemas/X} pointer) the body is checked against that component instead of an
     * operation's response (lines of a JSONL download, which no operation returns as JSON).
     */
    record Recorded(@Nullable String method, @Nullable String path, int status, JsonNode body,
            @Nullable String schema) {

        Recorded(String method, String path, int status, JsonNode body) {
            this(method, path, status, body, null);
        }
    }

    /**
     * @param operation the spec operation the response belongs to, null when none matched
     * @param schemaFor the response code whose schema applied ({@code 200}, {@code 4XX}), null when the
     *     spec has none for this status
     */
    record Verdict(Recorded recorded, @Nullable String operation, @Nullable String schemaFor, List<String> errors) {

        @Override
        public String toString() {
            String what = recorded.schema() != null ? recorded.schema()
                    : recorded.method() + " " + recorded.path() + " -> " + recorded.status();
            return what + " [" + operation + ", "
                    + schemaFor + "] " + errors + "\n  body: " + recorded.body();
        }
    }

    private ResponseSchemaCheck() {}

    static List<Verdict> run(Path spec, String name, List<Recorded> recorded) {
        ArrayNode items = Jsons.MAPPER.createArrayNode();
        for (Recorded r : recorded) {
            ObjectNode item = items.addObject();
            if (r.schema() != null) {
                item.put("schema", r.schema());
            } else {
                item.put("method", r.method()).put("path", r.path()).put("status", r.status());
            }
            item.set("body", r.body());
        }
        Path input = ContractPaths.work().resolve("responses-" + name + ".json");
        try {
            Files.write(input, Jsons.MAPPER.writeValueAsBytes(items));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Node.Result result = Node.script(ContractPaths.scripts().resolve("validate-responses.js"),
                Duration.ofMinutes(3), spec.toString(), input.toString());
        String output = result.output().strip();
        String last = output.substring(output.lastIndexOf('\n') + 1);
        if (result.exitCode() != 0 || !last.startsWith("[")) {
            throw new IllegalStateException("validate-responses.js failed (exit " + result.exitCode() + "):\n" + output);
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode v : Jsons.parse(last)) {
            List<String> errors = new ArrayList<>();
            v.path("errors").forEach(e -> errors.add(e.asString()));
            verdicts.add(new Verdict(recorded.get(v.path("index").asInt()), v.path("operation").asString(null),
                    v.path("schemaFor").asString(null), errors));
        }
        return verdicts;
    }
}
