package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.ProcessorConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission scopes' gates, one {@link PermitGate} per scope key with a limit, made on first
 * use. A scope gate is never paused: cooldowns act on the worker gate only.
 */
final class ScopeGates {

    private static final Logger LOG = LoggerFactory.getLogger(ScopeGates.class);

    private final ProcessorConfig config;
    private final Map<String, PermitGate> gates = new ConcurrentHashMap<>();
    private final Map<String, Integer> overrides = new ConcurrentHashMap<>();

    ScopeGates(ProcessorConfig config) {
        this.config = config;
    }

    /** Whether {@code config} asks for scopes at all. */
    static boolean wanted(ProcessorConfig config) {
        return !config.scopeLimits().isEmpty() || config.defaultScopeLimit() > 0;
    }

    /** The gate of the item's scope, or null when it has none or its scope has no limit. */
    @Nullable PermitGate gateFor(LLMCallStrategy<?> strategy, String prompt) {
        String key;
        try {
            key = strategy.scopeKey(prompt);
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            LOG.warn("scopeKey() of {} threw; the item has no admission scope", strategy.getClass().getName(), e);
            return null;
        }
        if (key == null) {
            return null;
        }
        PermitGate gate = gates.get(key);
        if (gate != null) {
            return gate;
        }
        int limit = limitOf(key);
        return limit <= 0 ? null : gates.computeIfAbsent(key, k -> new PermitGate(limitOf(k)));
    }

    private int limitOf(String key) {
        Integer o = overrides.get(key);
        return o != null ? o : config.scopeLimit(key);
    }

    /** Changes a scope's limit, live (as {@link PermitGate#setLimit}). */
    void setLimit(String key, int limit) {
        overrides.put(key, limit);
        gates.computeIfAbsent(key, k -> new PermitGate(limit)).setLimit(limit);
    }

    /** Calls running in scope {@code key}. */
    int inFlight(String key) {
        PermitGate g = gates.get(key);
        return g == null ? 0 : g.inFlight();
    }
}
