package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.core.ConfigChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Maps each provider's batch status words to {@link BatchStatus}, from a YAML file of
 * {@code section -> provider word -> BatchStatus name} (seed 004, TODO 3). The built-in
 * {@link #DEFAULT_RESOURCE} covers OpenAI (and its compatibles), Anthropic and Gemini as
 * providers.md §6 describes them; a user file can add words or sections through
 * {@link #withOverrides}. Words are matched exactly (providers differ in case and spelling:
 * {@code cancelled}, {@code canceling}, {@code BATCH_STATE_CANCELLED}). Immutable, thread-safe.
 */
public final class BatchStatusMapping {

    /** The built-in mapping, on the class path. */
    public static final String DEFAULT_RESOURCE = "io/llmbatch4j/providers/batch/batch-statuses.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final TypeReference<Map<String, Map<String, String>>> SHAPE = new TypeReference<>() {};
    private static volatile BatchStatusMapping defaults;

    private final Map<String, Map<String, BatchStatus>> sections;

    private BatchStatusMapping(Map<String, Map<String, BatchStatus>> sections) {
        this.sections = sections;
    }

    /** {@return the built-in mapping (loaded once)} */
    public static BatchStatusMapping defaults() {
        BatchStatusMapping d = defaults;
        if (d == null) {
            try (InputStream in = BatchStatusMapping.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing class path resource " + DEFAULT_RESOURCE);
                }
                d = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaults = d;
        }
        return d;
    }

    /**
     * @param source a name for messages
     * @param yaml the mapping's text: {@code section: {word: STATUS}}
     * @return the mapping
     * @throws InvalidConfigException naming the source and every bad {@code section.word} and value
     */
    public static BatchStatusMapping parse(String yaml, String source) {
        Map<String, Map<String, String>> raw;
        try {
            raw = YAML.readValue(yaml, SHAPE);
        } catch (JacksonException e) {
            throw new InvalidConfigException("batch status mapping " + source, List.of(source + ": "
                    + e.getOriginalMessage()));
        }
        ConfigChecks problems = new ConfigChecks("batch status mapping " + source);
        Map<String, Map<String, BatchStatus>> out = new LinkedHashMap<>();
        (raw == null ? Map.<String, Map<String, String>>of() : raw).forEach((section, words) -> {
            problems.check(words != null, section, "must map provider status words to BatchStatus names", null);
            Map<String, BatchStatus> mapped = new LinkedHashMap<>();
            (words == null ? Map.<String, String>of() : words).forEach((word, name) -> {
                BatchStatus status = statusOf(name);
                problems.check(status != null, section + "." + word, "must be one of "
                        + List.of(BatchStatus.values()).subList(0, BatchStatus.values().length - 1), name);
                if (status != null) {
                    mapped.put(word, status);
                }
            });
            out.put(section, Map.copyOf(mapped));
        });
        problems.throwIfAny();
        return new BatchStatusMapping(Map.copyOf(out));
    }

    /**
     * Reads a mapping file.
     *
     * @param file a YAML file
     * @return the mapping
     */
    public static BatchStatusMapping load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch status mapping " + file, e);
        }
    }

    /**
     * This mapping with {@code overrides}' words added or replaced, section by section.
     *
     * @param overrides the words to add or replace
     * @return the combined mapping
     */
    public BatchStatusMapping withOverrides(BatchStatusMapping overrides) {
        Map<String, Map<String, BatchStatus>> merged = new LinkedHashMap<>();
        sections.forEach((s, words) -> merged.put(s, new LinkedHashMap<>(words)));
        overrides.sections.forEach((s, words) -> merged.computeIfAbsent(s, k -> new LinkedHashMap<>()).putAll(words));
        Map<String, Map<String, BatchStatus>> frozen = new LinkedHashMap<>();
        merged.forEach((s, words) -> frozen.put(s, Map.copyOf(words)));
        return new BatchStatusMapping(Map.copyOf(frozen));
    }

    /**
     * The normalised status of {@code word} in {@code section}; {@link BatchStatus#UNKNOWN} when not mapped.
     *
     * @param section the provider's section
     * @param word the provider's status word
     * @return the status
     */
    public BatchStatus normalise(String section, String word) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(word, "word");
        return sections.getOrDefault(section, Map.of()).getOrDefault(word, BatchStatus.UNKNOWN);
    }

    /**
     * The words mapped in {@code section}, for tests and reports.
     *
     * @param section the provider's section
     * @return its words and their statuses
     */
    public Map<String, BatchStatus> section(String section) {
        return sections.getOrDefault(section, Map.of());
    }

    private static BatchStatus statusOf(String name) {
        if (name == null || name.equals(BatchStatus.UNKNOWN.name())) {
            return null;
        }
        try {
            return BatchStatus.valueOf(name.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BatchStatusMapping[");
        sections.forEach((s, words) -> sb.append(s).append('=').append(words.size()).append(' '));
        return sb.toString().trim() + "]";
    }
}
