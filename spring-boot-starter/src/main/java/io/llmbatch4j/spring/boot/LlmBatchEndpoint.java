package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.ProcessorStats;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.RateLimitTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code llmbatch} ({@code /actuator/llmbatch} once exposed with
 * {@code management.endpoints.web.exposure.include}): the shared pool's counters, worker limit and pending
 * calls, whether it admits calls, the cooldown, consecutive 401/403 answers per provider, the health state,
 * the cost so far and the latest quota headers per provider and model ({@code quota}, keyed
 * {@code provider/model}). Never prompts, outputs or keys.
 */
@Endpoint(id = "llmbatch")
public class LlmBatchEndpoint {

    private final LlmCalls calls;
    private final CostTracker costs;
    private final LlmBatchHealth health;
    private final RateLimitTracker quotas;

    /**
     * The endpoint.
     *
     * @param calls the pool's door
     * @param costs the cost so far
     * @param health the health state
     * @param quotas the providers' latest quota headers
     */
    public LlmBatchEndpoint(LlmCalls calls, CostTracker costs, LlmBatchHealth health, RateLimitTracker quotas) {
        this.calls = calls;
        this.costs = costs;
        this.health = health;
        this.quotas = quotas;
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
        Map<String, Object> quota = new LinkedHashMap<>();
        quotas.latestSnapshots().forEach((key, q) -> quota.put(key, quota(q)));
        out.put("quota", quota);
        return out;
    }

    private static Map<String, Object> quota(RateLimitSnapshot q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("observedAt", q.observedAt().toString());
        m.put("requestsLimit", q.requestsLimit());
        m.put("requestsRemaining", q.requestsRemaining());
        m.put("requestsReset", q.requestsReset() == null ? null : q.requestsReset().toString());
        m.put("tokensLimit", q.tokensLimit());
        m.put("tokensRemaining", q.tokensRemaining());
        m.put("tokensReset", q.tokensReset() == null ? null : q.tokensReset().toString());
        return m;
    }
}
