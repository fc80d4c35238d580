package io.llmbatch4j.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anthropic's prompt caching, imitated: each {@code cache_control} breakpoint marks the prompt
 * prefix ending with that block. The longest unexpired cached breakpoint prefix is read
 * ({@code cache_read_input_tokens}, its TTL refreshed); the longest breakpoint prefix, when not
 * cached yet, is written ({@code cache_creation_input_tokens} = its tokens minus those read).
 * Prefixes shorter than the model's minimum are neither read nor written.
 */
public final class AnthropicPromptCache {

    /** A breakpoint: the prefix ends at {@code endChar} of the canonical prompt; {@code ttl} 5 min or 1 h. */
    public record Breakpoint(int endChar, Duration ttl) {}

    public record Usage(int readTokens, int creationTokens, int creation5m, int creation1h) {}

    private final ConcurrentHashMap<String, Instant> entries = new ConcurrentHashMap<>();

    /** The smallest cacheable prefix in tokens for {@code model} (providers.md §3.2). */
    public static int minimumTokens(String model) {
        String m = model == null ? "" : model;
        if (m.contains("opus-4-6") || m.contains("opus-4-5") || m.contains("haiku-4-5")) {
            return 4096;
        }
        if (m.contains("haiku-3") || m.contains("3-haiku") || m.contains("3-5-haiku")) {
            return 2048;
        }
        return 1024;
    }

    /** Computes the cache usage of a prompt; {@code commit} stores the writes and refreshes the read. */
    public Usage use(String scope, String model, String promptText, List<Breakpoint> breakpoints, Instant now,
            boolean commit) {
        if (breakpoints.isEmpty()) {
            return new Usage(0, 0, 0, 0);
        }
        int[] ends = breakpoints.stream().mapToInt(Breakpoint::endChar).sorted().toArray();
        long[] hashes = PrefixHashes.of(promptText, ends);
        int min = minimumTokens(model);
        int readTokens = 0;
        int readIndex = -1;
        for (int k = ends.length - 1; k >= 0; k--) {
            int tokens = Tokens.estimateChars(ends[k]);
            Instant exp = entries.get(key(scope, model, ends[k], hashes[k]));
            if (tokens >= min && exp != null && exp.isAfter(now)) {
                readTokens = tokens;
                readIndex = k;
                break;
            }
        }
        int last = ends.length - 1;
        int lastTokens = Tokens.estimateChars(ends[last]);
        Duration ttl = ttlOf(breakpoints, ends[last]);
        int creation = 0;
        if (readIndex != last && lastTokens >= min) {
            creation = lastTokens - readTokens;
        }
        if (commit) {
            if (readIndex >= 0) {
                Duration readTtl = ttlOf(breakpoints, ends[readIndex]);
                entries.put(key(scope, model, ends[readIndex], hashes[readIndex]), now.plus(readTtl));
            }
            if (creation > 0) {
                entries.put(key(scope, model, ends[last], hashes[last]), now.plus(ttl));
            }
        }
        boolean oneHour = ttl.compareTo(Duration.ofMinutes(5)) > 0;
        return new Usage(readTokens, creation, oneHour ? 0 : creation, oneHour ? creation : 0);
    }

    private static Duration ttlOf(List<Breakpoint> bps, int end) {
        return bps.stream().filter(b -> b.endChar() == end).map(Breakpoint::ttl).max(Duration::compareTo)
                .orElse(Duration.ofMinutes(5));
    }

    private static String key(String scope, String model, int end, long hash) {
        return scope + '|' + model + '|' + end + '|' + hash;
    }
}
