package io.llmbatch4j.observers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.ValidationFailedException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class CostAndRateLimitTrackerTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private static final ModelPricing ONE_CENT_PER_1K = (provider, model, usage) -> {
        if (!provider.equals("openai")) {
            throw new IllegalArgumentException("unknown provider " + provider);
        }
        return usage.total() / 1000.0 * 0.01;
    };

    @Test
    void costIsTrackedPerItemPerModelAndPerRunIncludingFailedAttemptsThatSpentTokens() {
        var strategy = Runs.strategy(vts, (id, n) -> id.equals("item-0") && n == 1
                ? Mono.error(new ValidationFailedException("bad json", "{", java.util.List.of(), java.util.Map.of(), TokenUsage.of(500, 500), null))
                : Mono.just(new LLMResponse<>("ok", TokenUsage.of(800, 200), "gpt-x-2025")));
        CostTracker costs = new CostTracker(ONE_CENT_PER_1K);
        Runs.run(vts, Runs.items(strategy, 3), costs);

        assertThat(costs.itemUsd("item-0")).isCloseTo(0.02, within(1e-12));
        assertThat(costs.itemUsd("item-1")).isCloseTo(0.01, within(1e-12));
        assertThat(costs.totalUsd()).isCloseTo(0.04, within(1e-12));
        assertThat(costs.byModel()).containsOnlyKeys("gpt-x");
        assertThat(costs.runUsd("run-1")).isCloseTo(0.04, within(1e-12));
        assertThat(costs.unpricedCalls()).isZero();
    }

    @Test
    void aCallThePricingCannotPriceIsCountedNotThrown() {
        CostTracker costs = new CostTracker(ONE_CENT_PER_1K);
        costs.onEvent(new io.llmbatch4j.core.ProcessingEvent.AttemptEnded(Instant.EPOCH, "run-1", "a", 1,
                Duration.ofMillis(5), TokenUsage.of(1, 1), "m", null, io.llmbatch4j.core.CallTarget.chat("acme", "m"), null));
        assertThat(costs.unpricedCalls()).isEqualTo(1);
        assertThat(costs.totalUsd()).isZero();
    }

    @Test
    void theRateLimitTrackerCounts429sAndCooldownTimeAndKeepsTheLatestSnapshotPerProviderAndModel() {
        RateLimitSnapshot early = new RateLimitSnapshot("openai", Instant.parse("2026-01-01T00:00:00Z"), 100L, 50L,
                Duration.ofSeconds(30), 10_000L, 9_000L, Duration.ofSeconds(30));
        RateLimitSnapshot late = new RateLimitSnapshot("openai", Instant.parse("2026-01-01T00:00:01Z"), 100L, 0L,
                Duration.ofSeconds(29), 10_000L, 8_000L, Duration.ofSeconds(29));
        var strategy = Runs.strategy(vts, (id, n) -> switch (id + "#" + n) {
            case "item-0#1" -> Mono.error(new RateLimitException("429", Duration.ofSeconds(3), null, TokenUsage.ZERO, late));
            default -> Mono.just(new LLMResponse<>("ok", TokenUsage.of(1, 1), "gpt-x", early));
        });
        RateLimitTracker tracker = new RateLimitTracker();
        Runs.run(vts, Runs.items(strategy, 3), tracker);

        assertThat(tracker.rateLimitCount()).isEqualTo(1);
        assertThat(tracker.cooldownCount()).isEqualTo(1);
        assertThat(tracker.cooldownTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(tracker.latest("openai", "gpt-x")).contains(late);
        assertThat(tracker.latestSnapshots()).containsOnlyKeys("openai/gpt-x");
    }
}
