package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.observers.ModelPricing;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ModelInfo;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a call costs: the prices given on the command line ({@code --price-input},
 * {@code --price-output}, for every model of the run), else the catalog's. A model the catalog
 * gives no price (both prices 0, as for a model it does not know) is unpriced: its cost is
 * unknown, never $0, and {@link #costUsd} throws for it (so {@code CostTracker} counts the call as
 * unpriced instead of adding nothing silently).
 */
final class Pricing implements ModelPricing {

    private final ModelCatalog catalog;
    private final @Nullable Double inputPerMillion;
    private final @Nullable Double outputPerMillion;

    /** @param inputPerMillion with {@code outputPerMillion}: USD per million tokens for every model, or both null */
    Pricing(ModelCatalog catalog, @Nullable Double inputPerMillion, @Nullable Double outputPerMillion) {
        this.catalog = catalog;
        this.inputPerMillion = inputPerMillion;
        this.outputPerMillion = outputPerMillion;
    }

    /** True when a price is known for {@code model}. */
    boolean priced(String provider, String model) {
        if (inputPerMillion != null) {
            return true;
        }
        ModelInfo info = catalog.resolve(provider, model);
        return info.inputPerMillion() > 0 || info.outputPerMillion() > 0;
    }

    /** The models among {@code models} without a price, in order. */
    List<String> unpriced(String provider, Collection<String> models) {
        return models.stream().filter(m -> !priced(provider, m)).toList();
    }

    /** The cost, or null when the model has no price. */
    @Nullable Double costOrNull(String provider, String model, TokenUsage usage) {
        return priced(provider, model) ? costUsd(provider, model, usage) : null;
    }

    /** @throws IllegalStateException for a model without a price */
    @Override
    public double costUsd(String provider, String model, TokenUsage usage) {
        if (inputPerMillion != null && outputPerMillion != null) {
            // cached input at the full input price: an upper bound, as a budget wants
            return (usage.inputTokens() * inputPerMillion + usage.outputTokens() * outputPerMillion) / 1_000_000.0;
        }
        if (!priced(provider, model)) {
            throw new IllegalStateException("no price for " + provider + " model " + model);
        }
        return catalog.resolve(provider, model).cost(usage, 0, false);
    }
}
