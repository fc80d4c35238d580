package io.llmbatch4j.providers.internal;

import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.providers.ModelInfo;
import io.llmbatch4j.providers.TokenParameter;
import org.jspecify.annotations.Nullable;

/**
 * One catalog entry as written in YAML: every field optional, unset fields inherited from the
 * provider's {@code *} entry and then from {@link #BUILT_IN}. Field names are the YAML keys.
 */
public record CatalogSpec(
        @Nullable Boolean supportsTemperature,
        @Nullable Boolean supportsSystemRole,
        @Nullable TokenParameter tokenParameter,
        @Nullable Long contextWindow,
        @Nullable Integer defaultMaxOutputTokens,
        @Nullable Long minCacheTokens,
        @Nullable Double inputPerMillion,
        @Nullable Double cachedInputPerMillion,
        @Nullable Double cacheWritePerMillion,
        @Nullable Double outputPerMillion,
        @Nullable Double batchDiscount) {

    /** What a model nobody described gets: everything supported, prices unknown. */
    public static final CatalogSpec BUILT_IN = new CatalogSpec(true, true, TokenParameter.MAX_COMPLETION_TOKENS,
            0L, 0, 0L, 0.0, 0.0, 0.0, 0.0, 0.0);

    /** This spec with every field {@code over} sets replaced. */
    public CatalogSpec overlay(@Nullable CatalogSpec over) {
        if (over == null) {
            return this;
        }
        return new CatalogSpec(
                pick(over.supportsTemperature, supportsTemperature),
                pick(over.supportsSystemRole, supportsSystemRole),
                pick(over.tokenParameter, tokenParameter),
                pick(over.contextWindow, contextWindow),
                pick(over.defaultMaxOutputTokens, defaultMaxOutputTokens),
                pick(over.minCacheTokens, minCacheTokens),
                pick(over.inputPerMillion, inputPerMillion),
                pick(over.cachedInputPerMillion, cachedInputPerMillion),
                pick(over.cacheWritePerMillion, cacheWritePerMillion),
                pick(over.outputPerMillion, outputPerMillion),
                pick(over.batchDiscount, batchDiscount));
    }

    /** Adds {@code field message (was value)} to {@code p} for each bad value. */
    public void validate(String where, ConfigChecks p) {
        checkNonNegative(p, where, "contextWindow", contextWindow);
        checkNonNegative(p, where, "defaultMaxOutputTokens", defaultMaxOutputTokens == null ? null
                : defaultMaxOutputTokens.longValue());
        checkNonNegative(p, where, "minCacheTokens", minCacheTokens);
        checkPrice(p, where, "inputPerMillion", inputPerMillion);
        checkPrice(p, where, "cachedInputPerMillion", cachedInputPerMillion);
        checkPrice(p, where, "cacheWritePerMillion", cacheWritePerMillion);
        checkPrice(p, where, "outputPerMillion", outputPerMillion);
        p.check(batchDiscount == null || (batchDiscount >= 0 && batchDiscount <= 1), where + ".batchDiscount",
                "must be between 0 and 1", batchDiscount);
    }

    /** A complete spec (after overlaying on {@link #BUILT_IN}) as the public record. */
    public ModelInfo toModelInfo(String provider, String match) {
        return new ModelInfo(provider, match, supportsTemperature, supportsSystemRole, tokenParameter,
                contextWindow, defaultMaxOutputTokens, minCacheTokens, inputPerMillion, cachedInputPerMillion,
                cacheWritePerMillion, outputPerMillion, batchDiscount);
    }

    private static <T> @Nullable T pick(@Nullable T preferred, @Nullable T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static void checkNonNegative(ConfigChecks p, String where, String field, @Nullable Long value) {
        p.check(value == null || value >= 0, where + "." + field, "must be >= 0", value);
    }

    private static void checkPrice(ConfigChecks p, String where, String field, @Nullable Double value) {
        p.check(value == null || (value >= 0 && Double.isFinite(value)), where + "." + field,
                "must be a finite number >= 0", value);
    }
}
