package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProviderException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The state the health indicator reports, kept from the pool's events (an observer, so it never slows a call).
 *
 * <ul>
 *   <li>{@link State#DOWN}: a provider answered {@code 401} or {@code 403} to its last
 *       {@code authFailureThreshold} calls in a row (a bad or revoked key: nothing will succeed until
 *       someone acts). One answered call of that provider clears it; other errors neither count nor clear.
 *   <li>{@link State#OUT_OF_SERVICE}: a rate-limit cooldown of at least {@code longCooldown} is running
 *       (every call waits), or the cost so far has reached {@code budgetUsd}. It passes by itself.
 *   <li>{@link State#UP} otherwise; a short cooldown is normal operation, not an outage.
 * </ul>
 * DOWN wins over OUT_OF_SERVICE.
 */
public final class LlmBatchHealth implements ProcessingObserver {

    /** What the indicator reports. */
    public enum State {
        /** Working. */
        UP,
        /** A provider keeps refusing the key. */
        DOWN,
        /** A long cooldown or a spent budget. */
        OUT_OF_SERVICE
    }

    private final LlmBatchProperties.HealthProperties settings;
    private final DoubleSupplier costUsd;
    private final Map<String, Integer> authFailures = new ConcurrentHashMap<>();
    private volatile @Nullable Duration cooldown;

    /**
     * A health state.
     *
     * @param settings the thresholds
     * @param costUsd the cost so far in US dollars
     */
    public LlmBatchHealth(LlmBatchProperties.HealthProperties settings, DoubleSupplier costUsd) {
        this.settings = settings;
        this.costUsd = costUsd;
    }

    @Override
    public void onEvent(ProcessingEvent event) {
        if (event instanceof ProcessingEvent.AttemptEnded e) {
            String provider = e.provider() == null ? "unknown" : e.provider();
            if (isAuthFailure(e.error())) {
                authFailures.merge(provider, 1, Integer::sum);
            } else if (e.error() == null) {
                authFailures.remove(provider);
            }
        } else if (event instanceof ProcessingEvent.CooldownStarted c) {
            cooldown = c.duration();
        } else if (event instanceof ProcessingEvent.CooldownEnded) {
            cooldown = null;
        }
    }

    private static boolean isAuthFailure(@Nullable ErrorInfo error) {
        if (error == null || !(error.cause() instanceof ProviderException p)) {
            return false;
        }
        return p.statusCode() == 401 || p.statusCode() == 403;
    }

    /** {@return the state now, by the rules of the class description} */
    public State state() {
        if (authFailures.values().stream().anyMatch(n -> n >= settings.authFailureThreshold())) {
            return State.DOWN;
        }
        Duration c = cooldown;
        if (c != null && c.compareTo(settings.longCooldown()) >= 0) {
            return State.OUT_OF_SERVICE;
        }
        Double budget = settings.budgetUsd();
        return budget != null && costUsd.getAsDouble() >= budget ? State.OUT_OF_SERVICE : State.UP;
    }

    /** {@return consecutive 401/403 answers by provider, sorted by provider} */
    public Map<String, Integer> authFailures() {
        return new TreeMap<>(authFailures);
    }

    /** {@return the running cooldown's length, or null when none runs} */
    public @Nullable Duration cooldown() {
        return cooldown;
    }
}
