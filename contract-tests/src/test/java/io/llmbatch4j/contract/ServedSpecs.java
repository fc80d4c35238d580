package io.llmbatch4j.contract;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the served copies add to the published documents, and why. Nothing here loosens a schema.
 *
 * <ul>
 *   <li>OpenAI: the chat completion object's own example ({@code x-oaiMeta.example} of
 *       {@code CreateChatCompletionResponse}, where OpenAI's docs take it from) becomes the 200 example
 *       of {@code POST /v1/chat/completions}, so Prism answers with it instead of a generated
 *       {@code "string"}/{@code 0} sample and the usage figures can be compared.
 *   <li>Gemini: every object schema of {@code components.schemas} is closed with
 *       {@code additionalProperties: false}. The discovery-generated document leaves them open, so a
 *       misspelt field would pass it — and the real API ignores unknown fields silently (or refuses
 *       them, depending on the endpoint), which is exactly the drift this suite exists to catch.
 * </ul>
 */
final class ServedSpecs {

    static final String OPENAI_CHAT = "/v1/chat/completions";

    private ServedSpecs() {}

    /** The served copy of {@code spec}, or null to serve the original unchanged. */
    static @Nullable ObjectNode derive(Spec spec, ObjectNode doc) {
        return switch (spec) {
            case OPENAI -> withChatCompletionExample(doc);
            case GEMINI -> closed(doc);
            case ANTHROPIC -> null;
        };
    }

    /** The chat completion object example the OpenAI document carries (as a JSON string). */
    static JsonNode openAiChatCompletionExample(JsonNode doc) {
        String example = doc.at("/components/schemas/CreateChatCompletionResponse/x-oaiMeta/example").asString();
        return Jsons.parse(example);
    }

    private static ObjectNode withChatCompletionExample(ObjectNode doc) {
        ObjectNode media = (ObjectNode) doc.at("/paths/" + OPENAI_CHAT.replace("/", "~1")
                + "/post/responses/200/content/application~1json");
        if (media.isMissingNode() || media.isEmpty()) {
            throw new IllegalStateException("OpenAI spec: no 200 application/json response on POST " + OPENAI_CHAT);
        }
        media.set("example", openAiChatCompletionExample(doc));
        return doc;
    }

    private static ObjectNode closed(ObjectNode doc) {
        for (Map.Entry<String, JsonNode> e : doc.path("components").path("schemas").properties()) {
            if (e.getValue() instanceof ObjectNode schema && schema.has("properties")
                    && !schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
        }
        return doc;
    }
}
