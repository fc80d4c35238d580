package io.llmbatch4j.observers;

import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.TokenUsage;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the calls cost, in US dollars, by item, by model and by run, priced per call (each
 * {@code AttemptEnded} with tokens, failed attempts included: they were paid for) by a
 * {@link ModelPricing} — the model catalog's prices, see there for the one-line adapter.
 *
 * <p>{@link #totalUsd()} is live: it grows while a run goes (as the observer lane catches up), so a
 * progress bar or a budget guard ({@code BudgetGuardMiddleware}, with {@code costTracker::totalUsd})
 * can read it at any time from any thread. A call the pricing cannot price (it throws) adds nothing
 * and is counted in {@link #unpricedCalls()}. Per-item costs are kept for every item seen (a map
 * entry each); build with {@code trackItems = false} for very large runs.
 */
public final class CostTracker implements ProcessingObserver {

    private static final Logger LOG = LoggerFactory.getLogger(CostTracker.class);

    private final ModelPricing pricing;
    private final boolean trackItems;
    private final DoubleAdder total = new DoubleAdder();
    private final LongAdder unpriced = new LongAdder();
    private final Map<String, DoubleAdder> byModel = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> byRun = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> byItem = new ConcurrentHashMap<>();

    /**
     * Tracks per-item costs too.
     *
     * @param pricing the price of one call; a call it cannot price counts in {@link #unpricedCalls()}
     */
    public CostTracker(ModelPricing pricing) {
        this(pricing, true);
    }

    /**
     * A tracker that keeps per-item costs only when asked: a run of millions of items keeps one entry per item
     * otherwise.
     *
     * @param pricing the price of one call; a call it cannot price counts in {@link #unpricedCalls()}
     * @param trackItems whether to keep {@link #itemUsd(String)} per item
     */
    public CostTracker(ModelPricing pricing, boolean trackItems) {
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.trackItems = trackItems;
    }

    @Override
    public void onEvent(ProcessingEvent event) {
        if (!(event instanceof ProcessingEvent.AttemptEnded e)) {
            return;
        }
        TokenUsage usage = e.usage();
        if (usage.isZero()) {
            return;
        }
        String model = CallLabels.requestModel(e);
        double usd;
        try {
            usd = pricing.costUsd(CallLabels.provider(e), model, usage);
        } catch (RuntimeException ex) {
            unpriced.increment();
            LOG.debug("no price for {} / {}", CallLabels.provider(e), model, ex);
            return;
        }
        total.add(usd);
        byModel.computeIfAbsent(model, k -> new DoubleAdder()).add(usd);
        byRun.computeIfAbsent(e.runId(), k -> new DoubleAdder()).add(usd);
        if (trackItems) {
            byItem.computeIfAbsent(e.itemId(), k -> new DoubleAdder()).add(usd);
        }
    }

    /** {@return everything priced so far, all runs, in US dollars} */
    public double totalUsd() {
        return total.sum();
    }

    /**
     * The cost of item {@code itemId} (all its attempts; across runs when ids repeat), 0 when unknown.
     *
     * @param itemId the item's id
     * @return its cost in US dollars
     */
    public double itemUsd(String itemId) {
        DoubleAdder a = byItem.get(itemId);
        return a == null ? 0 : a.sum();
    }

    /**
     * The cost of run {@code runId} ({@code ProcessingEvent.BatchStarted#runId()}), 0 when unknown.
     *
     * @param runId the run's id
     * @return its cost in US dollars
     */
    public double runUsd(String runId) {
        DoubleAdder a = byRun.get(runId);
        return a == null ? 0 : a.sum();
    }

    /** {@return the cost by requested model in US dollars, sorted by model name} */
    public Map<String, Double> byModel() {
        Map<String, Double> out = new TreeMap<>();
        byModel.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** {@return how many calls spent tokens that the pricing could not price} */
    public long unpricedCalls() {
        return unpriced.sum();
    }
}
