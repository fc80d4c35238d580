package io.llmbatch4j.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One provider's published OpenAPI document (../shared/specs, README there) and the copy Prism
 * serves. The served copy equals the original except for what {@link ServedSpecs} says it adds.
 */
enum Spec {
    OPENAI("openai.openapi.json", true),
    ANTHROPIC("anthropic.openapi.json", true),
    // the spec's own generated example fails response validation, so no --errors (README)
    GEMINI("gemini.openapi.json", false);

    private static final Map<Spec, ObjectNode> DOCUMENTS = new EnumMap<>(Spec.class);
    private static final Map<Spec, Path> SERVED = new EnumMap<>(Spec.class);

    final String file;
    /** Whether Prism runs with {@code --errors}. */
    final boolean errors;

    Spec(String file, boolean errors) {
        this.file = file;
        this.errors = errors;
    }

    Path original() {
        return ContractPaths.specs().resolve(file);
    }

    /** The original document, parsed once; callers must not modify it. */
    JsonNode document() {
        synchronized (DOCUMENTS) {
            return DOCUMENTS.computeIfAbsent(this, s -> (ObjectNode) Jsons.MAPPER.readTree(s.original().toFile()));
        }
    }

    /** The document Prism serves and {@code check-compiles.js} checks, written once under target. */
    Path served() {
        synchronized (SERVED) {
            return SERVED.computeIfAbsent(this, s -> {
                ObjectNode copy = ServedSpecs.derive(s, (ObjectNode) s.document().deepCopy());
                if (copy == null) {
                    return s.original();
                }
                Path out = ContractPaths.work().resolve(s.name().toLowerCase() + ".served.openapi.json");
                try {
                    Files.write(out, Jsons.MAPPER.writeValueAsBytes(copy));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out;
            });
        }
    }
}
