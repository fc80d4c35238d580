package io.llmbatch4j.observers;

import static io.llmbatch4j.observers.MetricNames.*;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a processor's events as Micrometer meters (names in {@link MetricNames}).
 *
 * <ul>
 *   <li>Per call ({@code AttemptEnded}): {@code gen_ai.client.operation.duration} (seconds) and, when
 *       the call reported tokens, {@code gen_ai.client.token.usage} once with {@code gen_ai.token.type}
 *       {@code input} and once with {@code output}; tagged {@code gen_ai.operation.name},
 *       {@code gen_ai.provider.name}, {@code gen_ai.request.model}, {@code gen_ai.response.model}
 *       and (duration only) {@code error.type} — the exception's simple class name, {@code none} on
 *       success. Labels come from {@link io.llmbatch4j.core.LLMCallStrategy#describe}, else from the
 *       answer (model) and its quota snapshot (provider); unknown ones are {@code unknown}.
 *   <li>{@code llmbatch.items} by {@code outcome} and {@code error.kind}, {@code llmbatch.retries} by
 *       {@code error.kind}, {@code llmbatch.rate_limits}, {@code llmbatch.cooldown} (timer of cooldowns
 *       as they really lasted), gauges {@code llmbatch.workers} and {@code llmbatch.in_flight}, and
 *       with a {@link ModelPricing} the counter {@code llmbatch.cost} (USD) by request model.
 * </ul>
 *
 * Tags never hold item ids or prompts, so cardinality is bounded by providers × models × error types.
 * Register one instance per processor (the gauges describe that processor). Never throws.
 */
public final class MicrometerObserver implements ProcessingObserver {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerObserver.class);

    private final MeterRegistry registry;
    private final @Nullable ModelPricing pricing;
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Without cost.
     *
     * @param registry where the meters are registered
     */
    public MicrometerObserver(MeterRegistry registry) {
        this(registry, null);
    }

    /**
     * With {@code llmbatch.cost} priced by {@code pricing} (null for none).
     *
     * @param registry where the meters are registered
     * @param pricing the price of one call, or {@code null} for no cost meter
     */
    public MicrometerObserver(MeterRegistry registry, @Nullable ModelPricing pricing) {
        this.registry = registry;
        this.pricing = pricing;
        registry.gauge(WORKERS, Tags.empty(), workers);
        registry.gauge(IN_FLIGHT, Tags.empty(), inFlight);
    }

    @Override
    public void onEvent(ProcessingEvent event) {
        try {
            handle(event);
        } catch (RuntimeException e) {
            LOG.warn("could not record {}", event.getClass().getSimpleName(), e);
        }
    }

    private void handle(ProcessingEvent event) {
        if (event instanceof ProcessingEvent.AttemptStarted) {
            inFlight.incrementAndGet();
        } else if (event instanceof ProcessingEvent.AttemptEnded e) {
            inFlight.updateAndGet(n -> Math.max(0, n - 1));
            recordCall(e);
        } else if (event instanceof ProcessingEvent.ItemSucceeded) {
            Counter.builder(ITEMS).tag(OUTCOME, OUTCOME_SUCCESS).tag(ERROR_KIND, NONE).register(registry).increment();
        } else if (event instanceof ProcessingEvent.ItemFailed e) {
            Counter.builder(ITEMS).tag(OUTCOME, OUTCOME_FAILURE).tag(ERROR_KIND, e.error().kind().name())
                    .register(registry).increment();
        } else if (event instanceof ProcessingEvent.ItemRetrying e) {
            Counter.builder(RETRIES).tag(ERROR_KIND, e.error().kind().name()).register(registry).increment();
        } else if (event instanceof ProcessingEvent.RateLimited) {
            Counter.builder(RATE_LIMITS).register(registry).increment();
        } else if (event instanceof ProcessingEvent.CooldownEnded e) {
            Timer.builder(COOLDOWN).register(registry).record(e.duration());
        } else if (event instanceof ProcessingEvent.WorkersChanged e) {
            workers.set(e.current());
        } else if (event instanceof ProcessingEvent.BatchStarted e) {
            workers.set(e.maxWorkers());
        }
    }

    private void recordCall(ProcessingEvent.AttemptEnded e) {
        Tags tags = Tags.of(OPERATION_NAME, CallLabels.operation(e), PROVIDER_NAME, CallLabels.provider(e),
                REQUEST_MODEL, CallLabels.requestModel(e), RESPONSE_MODEL, CallLabels.responseModel(e));
        ErrorInfo error = e.error();
        Timer.builder(OPERATION_DURATION).description("GenAI operation duration").tags(tags)
                .tag(ERROR_TYPE, error == null ? NONE : error.errorType()).register(registry).record(e.duration());
        TokenUsage usage = e.usage();
        if (!usage.isZero()) {
            DistributionSummary.builder(TOKEN_USAGE).description("Measures number of input and output tokens used")
                    .baseUnit("{token}").tags(tags).tag(TOKEN_TYPE, TOKEN_TYPE_INPUT).register(registry)
                    .record(usage.inputTokens());
            DistributionSummary.builder(TOKEN_USAGE).description("Measures number of input and output tokens used")
                    .baseUnit("{token}").tags(tags).tag(TOKEN_TYPE, TOKEN_TYPE_OUTPUT).register(registry)
                    .record(usage.outputTokens());
            if (pricing != null) {
                String model = CallLabels.requestModel(e);
                try {
                    double usd = pricing.costUsd(CallLabels.provider(e), model, usage);
                    Counter.builder(COST).baseUnit("USD").tag(REQUEST_MODEL, model).register(registry).increment(usd);
                } catch (RuntimeException unpriced) {
                    LOG.debug("no price for model {}", model, unpriced);
                }
            }
        }
    }
}
