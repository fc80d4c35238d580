package io.llmbatch4j.observers;

import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.RateLimitSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How close a processor runs to its providers' limits: the 429s it got, the cooldowns and their
 * time, and the latest quota snapshot ({@link RateLimitSnapshot}, from the provider's headers on
 * an answer or a 429) per provider and requested model. "Latest" is by
 * {@link RateLimitSnapshot#observedAt()}, so out-of-order arrivals never roll it back. Readable
 * from any thread while a run goes.
 */
public final class RateLimitTracker implements ProcessingObserver {

    private final LongAdder rateLimits = new LongAdder();
    private final LongAdder cooldowns = new LongAdder();
    private final AtomicLong cooldownNanos = new AtomicLong();
    private final Map<String, RateLimitSnapshot> latest = new ConcurrentHashMap<>();

    @Override
    public void onEvent(ProcessingEvent event) {
        if (event instanceof ProcessingEvent.RateLimited) {
            rateLimits.increment();
        } else if (event instanceof ProcessingEvent.CooldownStarted) {
            cooldowns.increment();
        } else if (event instanceof ProcessingEvent.CooldownEnded e) {
            cooldownNanos.addAndGet(e.duration().toNanos());
        } else if (event instanceof ProcessingEvent.AttemptEnded e && e.rateLimit() != null) {
            RateLimitSnapshot s = e.rateLimit();
            latest.merge(key(s.provider(), CallLabels.requestModel(e)), s,
                    (old, now) -> now.observedAt().isBefore(old.observedAt()) ? old : now);
        }
    }

    /** {@return how many calls were answered with a rate limit (429 and equivalents)} */
    public long rateLimitCount() {
        return rateLimits.sum();
    }

    /** {@return how many coordinated cooldowns started} */
    public long cooldownCount() {
        return cooldowns.sum();
    }

    /** {@return the time spent in cooldowns that have ended} */
    public Duration cooldownTime() {
        return Duration.ofNanos(cooldownNanos.get());
    }

    /**
     * The latest snapshot of {@code provider}'s quota for {@code model}.
     *
     * @param provider the provider's name ({@code gen_ai.provider.name})
     * @param model the model the snapshot was reported for
     * @return the snapshot, or empty when none was seen
     */
    public Optional<RateLimitSnapshot> latest(String provider, String model) {
        return Optional.ofNullable(latest.get(key(provider, model)));
    }

    /** {@return every latest snapshot, keyed {@code provider/model}, sorted} */
    public Map<String, RateLimitSnapshot> latestSnapshots() {
        return new TreeMap<>(latest);
    }

    private static String key(String provider, String model) {
        return provider + "/" + model;
    }
}
