package io.llmbatch4j.contract;

import io.llmbatch4j.contract.ResponseSchemaCheck.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Response-side twin of {@link SpecLag}: a schema stricter than the API it describes. OpenAI's
 * {@code Batch} types its optional fields without {@code nullable}, yet its own example response
 * ({@code x-oaiMeta}) and the API send {@code null} for what has not happened yet ({@code failed_at},
 * {@code output_file_id} before completion, ...). Only this is forgiven: an optional property of
 * {@code Batch}, at the top of a batch object, whose value is null, reported as "must be <type>".
 */
final class NullInPractice {

    static final String WHY = "OpenAI's Batch schema types optional fields as non-null, but the API and the spec's own "
            + "example send null for events that have not happened";

    private NullInPractice() {}

    /** The errors of {@code v} left after forgiving null optional Batch fields (if {@code v} is a batch object). */
    static List<String> remaining(Verdict v) {
        String op = String.valueOf(v.operation());
        if (!op.startsWith("POST /v1/batches") && !op.startsWith("GET /v1/batches/")) {
            return v.errors();
        }
        JsonNode batch = Spec.OPENAI.document().at("/components/schemas/Batch");
        Set<String> required = new HashSet<>();
        batch.path("required").forEach(n -> required.add(n.asString()));
        return v.errors().stream().filter(e -> !forgiven(e, batch, required, v.recorded().body())).toList();
    }

    private static boolean forgiven(String error, JsonNode batch, Set<String> required, JsonNode body) {
        if (!error.startsWith("/") || !error.contains(" must be ")) {
            return false;
        }
        String field = error.substring(1, error.indexOf(' '));
        return !field.contains("/") && batch.path("properties").has(field) && !required.contains(field)
                && body.has(field) && body.get(field).isNull();
    }
}
