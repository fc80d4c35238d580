package io.llmbatch4j.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health {@code llmbatch}: {@link LlmBatchHealth#state()} as {@code UP}, {@code DOWN} (a provider keeps
 * answering 401/403) or {@code OUT_OF_SERVICE} (a long cooldown, a spent budget), with the details that led
 * there. Boot maps both DOWN and OUT_OF_SERVICE to HTTP 503 by default.
 */
public class LlmBatchHealthIndicator implements HealthIndicator {

    private final LlmBatchHealth health;
    private final LlmCalls calls;

    /**
     * The indicator.
     *
     * @param health the state
     * @param calls the pool's door, for details
     */
    public LlmBatchHealthIndicator(LlmBatchHealth health, LlmCalls calls) {
        this.health = health;
        this.calls = calls;
    }

    @Override
    public Health health() {
        Status status = switch (health.state()) {
            case UP -> Status.UP;
            case DOWN -> Status.DOWN;
            case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
        };
        Health.Builder b = Health.status(status).withDetail("authFailures", health.authFailures())
                .withDetail("admitting", calls.admitting()).withDetail("pending", calls.pool().pending());
        if (health.cooldown() != null) {
            b.withDetail("cooldown", health.cooldown().toString());
        }
        return b.build();
    }
}
