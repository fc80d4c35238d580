package io.llmbatch4j.redis;

import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Signals recorded for a test: each remote cooldown with the nano time it arrived, each mode change. */
final class RecordingSignals implements QuotaSignals {

    record Arrival(Duration remaining, long atNanos) {}

    final BlockingQueue<Arrival> cooldowns = new LinkedBlockingQueue<>();
    final BlockingQueue<QuotaMode> modes = new LinkedBlockingQueue<>();

    @Override
    public void capacity() {}

    @Override
    public void cooldown(Duration remaining) {
        cooldowns.add(new Arrival(remaining, System.nanoTime()));
    }

    @Override
    public void modeChanged(QuotaMode mode) {
        modes.add(mode);
    }
}
