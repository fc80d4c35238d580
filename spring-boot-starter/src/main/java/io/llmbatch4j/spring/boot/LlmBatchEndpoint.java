package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.observers.CostTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code llmbatch} ({@code /actuator/llmbatch} once exposed with
 * {@code management.endpoints.web.exposure.include}): the shared pool's counters, worker limit and pending
 * calls, whether it admits calls, the cooldown, consecutive 401/403 answers per provider, the health state and
 * the cost so far. Never prompts, outputs or keys.
 */
@Endpoint(id = "llmbatch")
public class LlmBatchEndpoint {

    private final LlmCalls calls;
    private final CostTracker costs;
    private final LlmBatchHealth health;

    /**
     * The endpoint.
     *
     * @param calls the pool's door
     * @param costs the cost so far
     * @param health the health state
     */
    public LlmBatchEndpoint(LlmCalls calls, CostTracker costs, LlmBatchHealth health) {
        this.calls = calls;
        this.costs = costs;
        this.health = health;
    }

    /** {@return the pool, cooldown, health and cost, as a JSON object} */
    @ReadOperation
    public Map<String, Object> llmbatch() {
        LLMCallPool pool = calls.pool();
        ProcessorStats s = pool.stats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("started", s.started());
        stats.put("succeeded", s.succeeded());
        stats.put("failed", s.failed());
        stats.put("retries", s.retries());
        stats.put("rateLimits", s.rateLimitCount());
        stats.put("inFlight", s.inFlight());
        stats.put("inputTokens", s.usage().inputTokens());
        stats.put("outputTokens", s.usage().outputTokens());
        stats.put("droppedEvents", s.droppedEvents());
        Map<String, Object> cooldown = new LinkedHashMap<>();
        cooldown.put("active", s.cooldownActive());
        cooldown.put("current", health.cooldown() == null ? null : health.cooldown().toString());
        cooldown.put("totalEnded", s.cooldownTime().toString());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("totalUsd", costs.totalUsd());
        cost.put("byModelUsd", costs.byModel());
        cost.put("unpricedCalls", costs.unpricedCalls());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", health.state().name());
        out.put("admitting", calls.admitting());
        out.put("workerLimit", s.maxWorkers());
        out.put("workerCeiling", pool.config().processor().workerCeiling());
        out.put("pending", pool.pending());
        out.put("maxPending", pool.config().maxPending());
        out.put("pool", stats);
        out.put("cooldown", cooldown);
        out.put("authFailures", health.authFailures());
        out.put("cost", cost);
        return out;
    }
}
