package io.llmbatch4j.observers;

import io.llmbatch4j.core.TokenUsage;

/**
 * The price of one call in US dollars. Prices have one home in the project, the providers' model
 * catalog; observers depend on core only, so they take this function and the application wires
 * it to the catalog (cached-input and batch discounts are the catalog's):
 *
 * <pre>{@code
 * ModelCatalog catalog = ModelCatalog.defaults();
 * ModelPricing pricing = (provider, model, usage) -> catalog.resolve(provider, model).cost(usage, 0, false);
 * // for offline Batch API results: .cost(usage, 0, true)
 * }</pre>
 *
 * An implementation that throws (e.g. an unknown model) makes the call count as unpriced; it
 * never stops an observer.
 */
@FunctionalInterface
public interface ModelPricing {

    /**
     * @param provider the provider's name ({@code gen_ai.provider.name}), or {@code "unknown"}
     * @param model the model the call asked for (else the one that answered)
     * @param usage the tokens the call spent, cached input included in the input count
     * @return the cost in US dollars
     */
    double costUsd(String provider, String model, TokenUsage usage);
}
