package io.llmbatch4j.providers;

import io.llmbatch4j.core.InvalidConfigException;
import io.llmbatch4j.providers.internal.CatalogSpec;
import io.llmbatch4j.providers.internal.CatalogYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Per-model facts that drive request adaptation and cost: temperature and system-role support,
 * the output-cap parameter, context window, cache minimum and prices. Loaded from YAML
 * ({@link #defaults()} is the bundled {@code io/llmbatch4j/providers/models.yaml}); users extend or
 * correct it with {@link #withOverrides(ModelCatalog)} instead of waiting for a release.
 *
 * <p>The YAML maps provider → model → fields. A model key is an exact name, a prefix ending in
 * {@code *} ({@code "o3*"}), or {@code "*"} for the provider's default. Lookup takes the exact name,
 * else the longest matching prefix; fields an entry leaves out come from the provider's
 * {@code "*"} entry, then from permissive built-ins (everything supported, prices 0):
 * <pre>{@code
 * openai:
 *   "*":    {tokenParameter: max_completion_tokens, batchDiscount: 0.5}
 *   "o3*":  {supportsTemperature: false}
 *   gpt-4.1-mini: {inputPerMillion: 0.40, cachedInputPerMillion: 0.10, outputPerMillion: 1.60}
 * }</pre>
 * Immutable and thread-safe; lookups are cached.
 */
public final class ModelCatalog {

    /** The bundled catalog's class-path resource. */
    public static final String DEFAULT_RESOURCE = "io/llmbatch4j/providers/models.yaml";

    /** OpenTelemetry's {@code gen_ai.provider.name} for the Gemini Developer API. */
    public static final String GEMINI_OTEL_NAME = "gcp.gemini";
    /** Provider names as OpenTelemetry spells them, mapped to this catalog's sections. */
    private static final Map<String, String> SECTION_ALIASES = Map.of(GEMINI_OTEL_NAME, "gemini",
            "gcp.vertex_ai", "gemini", "groq", "openai");

    private static volatile @Nullable ModelCatalog defaults;

    private final Map<String, Map<String, CatalogSpec>> specs;
    private final Map<String, ModelInfo> resolved = new ConcurrentHashMap<>();

    private ModelCatalog(Map<String, Map<String, CatalogSpec>> specs) {
        this.specs = specs;
    }

    /** {@return the bundled catalog} */
    public static ModelCatalog defaults() {
        ModelCatalog d = defaults;
        if (d == null) {
            try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled model catalog missing: " + DEFAULT_RESOURCE);
                }
                d = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
            }
            defaults = d;
        }
        return d;
    }

    /** {@return an empty catalog: every model gets the permissive built-ins} */
    public static ModelCatalog empty() {
        return new ModelCatalog(Map.of());
    }

    /**
     * Parses catalog YAML.
     *
     * @param source a name for error messages
     * @param yaml the catalog's text
     * @return the catalog
     * @throws InvalidConfigException naming the source, line and field of each problem
     */
    public static ModelCatalog parse(String yaml, String source) {
        return new ModelCatalog(CatalogYaml.parse(yaml, source));
    }

    /**
     * Reads a catalog file; see {@link #parse}.
     *
     * @param file a YAML file
     * @return the catalog
     */
    public static ModelCatalog load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model catalog " + file, e);
        }
    }

    /**
     * This catalog with {@code overrides} laid over it, field by field: an override entry that
     * only sets {@code inputPerMillion} keeps every other field of the entry it overrides.
     *
     * @param overrides the entries to lay over this catalog
     * @return the combined catalog
     */
    public ModelCatalog withOverrides(ModelCatalog overrides) {
        Map<String, Map<String, CatalogSpec>> merged = new LinkedHashMap<>();
        specs.forEach((provider, models) -> merged.put(provider, new LinkedHashMap<>(models)));
        overrides.specs.forEach((provider, models) -> {
            Map<String, CatalogSpec> target = merged.computeIfAbsent(provider, p -> new LinkedHashMap<>());
            models.forEach((match, spec) -> target.merge(match, spec, CatalogSpec::overlay));
        });
        Map<String, Map<String, CatalogSpec>> frozen = new LinkedHashMap<>();
        merged.forEach((provider, models) -> frozen.put(provider, Map.copyOf(models)));
        return new ModelCatalog(Map.copyOf(frozen));
    }

    /**
     * What the catalog says about {@code model} at {@code provider}: the exact entry, else the
     * longest matching prefix entry, else the provider default; never null. {@code provider} is a
     * section name ({@code openai}, {@code anthropic}, {@code gemini}) or its OpenTelemetry name
     * ({@code gcp.gemini}, {@code groq}), so a {@link io.llmbatch4j.core.CallTarget} prices directly.
     *
     * @param provider the provider's section or OpenTelemetry name
     * @param model the model's name
     * @return the entry
     */
    public ModelInfo resolve(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        String section = specs.containsKey(provider) ? provider : SECTION_ALIASES.getOrDefault(provider, provider);
        return resolved.computeIfAbsent(section + '\u0000' + model, k -> lookup(section, model));
    }

    /**
     * Every entry the catalog has for {@code provider}, resolved (patterns included).
     *
     * @param provider the provider's section name
     * @return the entries
     */
    public List<ModelInfo> entries(String provider) {
        List<ModelInfo> out = new ArrayList<>();
        specs.getOrDefault(provider, Map.of()).keySet().forEach(match -> out.add(resolve(provider, match)));
        return out;
    }

    private ModelInfo lookup(String provider, String model) {
        Map<String, CatalogSpec> models = specs.getOrDefault(provider, Map.of());
        String bestMatch = "*";
        CatalogSpec best = null;
        if (models.containsKey(model)) {
            bestMatch = model; // an exact name, or an entry's own key (entries() resolves patterns by it)
            best = models.get(model);
        } else {
            int bestLength = -1;
            for (Map.Entry<String, CatalogSpec> e : models.entrySet()) {
                String match = e.getKey();
                if (match.endsWith("*") && match.length() > 1) {
                    String prefix = match.substring(0, match.length() - 1);
                    if (model.startsWith(prefix) && prefix.length() > bestLength) {
                        bestLength = prefix.length();
                        bestMatch = match;
                        best = e.getValue();
                    }
                }
            }
        }
        CatalogSpec spec = CatalogSpec.BUILT_IN.overlay(models.get("*")).overlay(best);
        return spec.toModelInfo(provider, bestMatch);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ModelCatalog[");
        specs.forEach((provider, models) -> sb.append(provider).append('=').append(models.size()).append(' '));
        return sb.toString().trim() + "]";
    }
}
