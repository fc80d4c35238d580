package io.llmbatch4j.observers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.PermanentProviderException;
import io.llmbatch4j.core.RateLimitException;
import io.llmbatch4j.core.TokenUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class MicrometerObserverTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyCallIsTimedAndItsTokensRecordedWithTheOpenTelemetryGenAiTags() {
        var strategy = Runs.strategy(vts, (id, n) -> Mono.just(new LLMResponse<>("ok", TokenUsage.of(10, 5), "gpt-x-2025")));
        Runs.run(vts, Runs.items(strategy, 3), new MicrometerObserver(registry));

        Timer timer = registry.get("gen_ai.client.operation.duration").tag("gen_ai.operation.name", "chat")
                .tag("gen_ai.provider.name", "openai").tag("gen_ai.request.model", "gpt-x")
                .tag("gen_ai.response.model", "gpt-x-2025").tag("error.type", "none").timer();
        assertThat(timer.count()).isEqualTo(3);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
        DistributionSummary input = registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input")
                .tag("gen_ai.request.model", "gpt-x").summary();
        DistributionSummary output = registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output")
                .summary();
        assertThat(input.count()).isEqualTo(3);
        assertThat(input.totalAmount()).isEqualTo(30);
        assertThat(output.totalAmount()).isEqualTo(15);
        assertThat(registry.get("llmbatch.items").tag("outcome", "success").counter().count()).isEqualTo(3);
        assertThat(registry.get("llmbatch.workers").gauge().value()).isEqualTo(4);
        assertThat(registry.get("llmbatch.in_flight").gauge().value()).isZero();
    }

    @Test
    void aFailedCallCarriesItsErrorTypeAndTheItemCountsByErrorKind() {
        var strategy = Runs.strategy(vts, (id, n) -> Mono.error(new PermanentProviderException("400 bad request")));
        Runs.run(vts, Runs.items(strategy, 2), new MicrometerObserver(registry));

        assertThat(registry.get("gen_ai.client.operation.duration").tag("error.type", "PermanentProviderException")
                .tag("gen_ai.response.model", "none").timer().count()).isEqualTo(2);
        assertThat(registry.get("llmbatch.items").tag("outcome", "failure").tag("error.kind", "PERMANENT").counter()
                .count()).isEqualTo(2);
        assertThat(registry.find("gen_ai.client.token.usage").meters()).isEmpty();
    }

    @Test
    void rateLimitsRetriesAndCooldownTimeAreCounted() {
        var strategy = Runs.strategy(vts, (id, n) -> n == 1 && id.equals("item-0")
                ? Mono.error(new RateLimitException("429", Duration.ofSeconds(2)))
                : Mono.just(LLMResponse.of("ok")));
        Runs.run(vts, Runs.items(strategy, 1), new MicrometerObserver(registry));

        assertThat(registry.get("llmbatch.rate_limits").counter().count()).isEqualTo(1);
        assertThat(registry.get("llmbatch.retries").tag("error.kind", "RATE_LIMIT").counter().count()).isEqualTo(1);
        Timer cooldown = registry.get("llmbatch.cooldown").timer();
        assertThat(cooldown.count()).isEqualTo(1);
        assertThat(cooldown.totalTime(TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void withPricingTheCostIsCountedByRequestModel() {
        var strategy = Runs.strategy(vts, (id, n) -> Mono.just(new LLMResponse<>("ok", TokenUsage.of(1000, 500), "m")));
        ModelPricing pricing = (provider, model, usage) -> usage.inputTokens() * 1e-6 + usage.outputTokens() * 4e-6;
        Runs.run(vts, Runs.items(strategy, 4), new MicrometerObserver(registry, pricing));

        assertThat(registry.get("llmbatch.cost").tag("gen_ai.request.model", "gpt-x").counter().count())
                .isCloseTo(4 * 0.003, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void meterAndTagNamesAreTheConventionalOnes() {
        assertThat(MetricNames.OPERATION_DURATION).isEqualTo("gen_ai.client.operation.duration");
        assertThat(MetricNames.TOKEN_USAGE).isEqualTo("gen_ai.client.token.usage");
        assertThat(MetricNames.TOKEN_TYPE).isEqualTo("gen_ai.token.type");
        assertThat(MetricNames.PROVIDER_NAME).isEqualTo("gen_ai.provider.name");
        assertThat(MetricNames.OPERATION_NAME).isEqualTo("gen_ai.operation.name");
        assertThat(MetricNames.REQUEST_MODEL).isEqualTo("gen_ai.request.model");
        assertThat(MetricNames.RESPONSE_MODEL).isEqualTo("gen_ai.response.model");
        assertThat(MetricNames.ERROR_TYPE).isEqualTo("error.type");
        assertThat(java.util.List.of(MetricNames.ITEMS, MetricNames.RETRIES, MetricNames.RATE_LIMITS,
                MetricNames.COOLDOWN, MetricNames.WORKERS, MetricNames.IN_FLIGHT, MetricNames.COST))
                .allSatisfy(name -> assertThat(name).startsWith("llmbatch."));
    }
}
