package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link io.llmbatch4j.core.quota.QuotaLedger} reports back to its processor: capacity wakes
 * the {@link QuotaBudget}'s queue, another JVM's cooldown starts this one's (and holds the budget
 * until it ends), a mode change is logged.
 */
final class BudgetSignals implements QuotaSignals {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetSignals.class);

    private final QuotaBudget budget;
    private final Cooldown cooldown;

    BudgetSignals(QuotaBudget budget, Cooldown cooldown) {
        this.budget = budget;
        this.cooldown = cooldown;
    }

    @Override
    public void capacity() {
        budget.drain();
    }

    @Override
    public void cooldown(Duration remaining) {
        if (cooldown.onRemote(remaining)) {
            budget.holdUntil(cooldown.endsAt());
        }
    }

    @Override
    public void modeChanged(QuotaMode mode) {
        LOG.info("quota budgets now {}", mode);
        budget.drain();
    }
}
