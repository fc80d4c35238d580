package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a catalog file: {@code provider -> match -> spec}. Unknown keys, wrong types and bad
 * values are refused with the source name, the line and the field.
 */
public final class CatalogYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final TypeReference<Map<String, Map<String, CatalogSpec>>> SHAPE = new TypeReference<>() {};

    private CatalogYaml() {}

    /**
     * @param source a name for messages (file path or resource name)
     * @throws InvalidConfigException naming the source, line and field of every problem
     */
    public static Map<String, Map<String, CatalogSpec>> parse(String yaml, String source) {
        Map<String, Map<String, CatalogSpec>> raw;
        try {
            raw = YAML.readValue(yaml, SHAPE);
        } catch (JacksonException e) {
            List<String> keys = pathKeys(e);
            TokenStreamLocation at = e.getLocation();
            int lineNr = at != null && at.getLineNr() > 0 ? at.getLineNr() : lineOf(yaml, keys);
            String line = lineNr > 0 ? " line " + lineNr : "";
            String path = keys.isEmpty() ? "" : " at " + String.join(".", keys);
            throw new InvalidConfigException("model catalog " + source,
                    List.of(source + line + path + ": " + e.getOriginalMessage()));
        }
        if (raw == null) {
            return Map.of();
        }
        ConfigChecks problems = new ConfigChecks("model catalog " + source);
        Map<String, Map<String, CatalogSpec>> out = new LinkedHashMap<>();
        raw.forEach((provider, models) -> {
            problems.check(models != null, provider, "must map model names to entries", null);
            if (models == null) {
                return;
            }
            Map<String, CatalogSpec> entries = new LinkedHashMap<>();
            models.forEach((match, spec) -> {
                String where = provider + "." + match;
                CatalogSpec s = spec == null ? new CatalogSpec(null, null, null, null, null, null, null, null,
                        null, null, null) : spec;
                problems.check(!match.isBlank() && match.indexOf('*') == match.length() - 1 || match.indexOf('*') < 0,
                        where, "may only end in '*' (a prefix pattern)", match);
                s.validate(where, problems);
                entries.put(match, s);
            });
            out.put(provider, Map.copyOf(entries));
        });
        problems.throwIfAny();
        return out;
    }

    private static List<String> pathKeys(JacksonException e) {
        List<String> keys = new ArrayList<>();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                keys.add(ref.getPropertyName());
            }
        }
        return keys;
    }

    /**
     * The 1-based line of the last key in {@code keys}, found by looking for each key in turn
     * below the previous one (record binding buffers tokens, so Jackson cannot say); 0 if not found.
     */
    static int lineOf(String yaml, List<String> keys) {
        String[] lines = yaml.split("\\R", -1);
        int from = 0;
        int found = 0;
        for (String key : keys) {
            Pattern p = Pattern.compile("(^|[\\s{,])[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
            found = 0;
            for (int i = from; i < lines.length; i++) {
                if (p.matcher(lines[i]).find()) {
                    found = i + 1;
                    from = i;
                    break;
                }
            }
            if (found == 0) {
                return 0;
            }
        }
        return found;
    }
}
