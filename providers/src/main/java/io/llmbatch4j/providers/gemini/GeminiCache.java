package io.llmbatch4j.providers.gemini;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Gemini explicit context cache ({@code cachedContents}).
 *
 * @param name the cache's resource name, {@code cachedContents/...}: pass it as
 *     {@link io.llmbatch4j.providers.ChatRequest.Builder#cachedContent(String)}
 * @param model the model the cache was made for, {@code models/...}
 * @param expireTime when the provider drops it, or null if not reported
 * @param totalTokens the tokens it holds (billed as cached input on each use)
 */
public record GeminiCache(String name, String model, @Nullable Instant expireTime, long totalTokens) {

    /**
     * Checks that name and model are present.
     *
     * @param name the cache's resource name
     * @param model the model the cache was made for
     * @param expireTime when the provider drops it, or {@code null}
     * @param totalTokens the tokens it holds
     */
    public GeminiCache {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
    }
}
