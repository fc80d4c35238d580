package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link io.llmbatch4j.core.quota.QuotaLedger} reports back to its processor: capacity wakes
 * the {@link QuotaBudget}'s queue, another JVM's cooldown starts this one's (and holds the budget
 * until it ends), a mode change is logged.
 */
final class BudgetSignals implements QuotaSignals {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetSignals.class);

    private final Runnable drain;
    private final LongConsumer holdUntil;
    private final Cooldown cooldown;

    /**
     * @param drain wakes the budget's queue
     * @param holdUntil holds the budget until a time on the engine clock
     */
    BudgetSignals(Runnable drain, LongConsumer holdUntil, Cooldown cooldown) {
        this.drain = drain;
        this.holdUntil = holdUntil;
        this.cooldown = cooldown;
    }

    @Override
    public void capacity() {
        drain.run();
    }

    @Override
    public void cooldown(Duration remaining) {
        if (cooldown.onRemote(remaining)) {
            holdUntil.accept(cooldown.endsAt());
        }
    }

    @Override
    public void modeChanged(QuotaMode mode) {
        LOG.info("quota budgets now {}", mode);
        drain.run();
    }
}
