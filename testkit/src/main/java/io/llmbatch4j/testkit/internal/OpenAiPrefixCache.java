package io.llmbatch4j.testkit.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAI's automatic prompt caching, imitated: a prompt of at least {@value #MIN_TOKENS} tokens
 * reuses the longest earlier-seen prefix (same key and model) whose length is {@value #MIN_TOKENS}
 * + a multiple of {@value #INCREMENT} tokens; each answered prompt makes all such prefixes of
 * itself available. Prefixes never expire here.
 */
public final class OpenAiPrefixCache {

    public static final int MIN_TOKENS = 1024;
    public static final int INCREMENT = 128;
    private static final int MAX_ENTRIES = 2_000_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** The plan for one prompt: how many tokens would be read from cache, and what to remember. */
    public final class Plan {
        private final String scope;
        private final int[] lengths;
        private final long[] hashes;
        private final int cachedTokens;

        private Plan(String scope, int[] lengths, long[] hashes, int cachedTokens) {
            this.scope = scope;
            this.lengths = lengths;
            this.hashes = hashes;
            this.cachedTokens = cachedTokens;
        }

        public int cachedTokens() {
            return cachedTokens;
        }

        /** Remembers the prompt's prefixes (call only when the request is answered). */
        public void commit() {
            if (seen.size() > MAX_ENTRIES) {
                seen.clear();
            }
            for (int k = 0; k < lengths.length; k++) {
                seen.add(key(scope, lengths[k], hashes[k]));
            }
        }
    }

    public Plan plan(String scope, String promptText) {
        int tokens = Tokens.estimate(promptText);
        if (tokens < MIN_TOKENS) {
            return new Plan(scope, new int[0], new long[0], 0);
        }
        int n = (tokens - MIN_TOKENS) / INCREMENT + 1;
        int[] lengths = new int[n];
        int[] ends = new int[n];
        for (int k = 0; k < n; k++) {
            lengths[k] = MIN_TOKENS + k * INCREMENT;
            ends[k] = Math.min(promptText.length(), lengths[k] * Tokens.CHARS_PER_TOKEN);
        }
        long[] hashes = PrefixHashes.of(promptText, ends);
        int cached = 0;
        for (int k = n - 1; k >= 0; k--) {
            if (seen.contains(key(scope, lengths[k], hashes[k]))) {
                cached = lengths[k];
                break;
            }
        }
        return new Plan(scope, lengths, hashes, cached);
    }

    private static String key(String scope, int length, long hash) {
        return scope + '|' + length + '|' + hash;
    }
}
