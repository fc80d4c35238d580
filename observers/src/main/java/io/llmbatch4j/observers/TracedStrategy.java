package io.llmbatch4j.observers;

import static io.llmbatch4j.observers.MetricNames.*;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ForwardingCallStrategy;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** {@link GenAiTracing#strategy}: each {@code execute} is one {@link MetricNames#CLIENT_OPERATION} observation. */
final class TracedStrategy<T> extends ForwardingCallStrategy<T> {

    private final GenAiTracing tracing;

    TracedStrategy(LLMCallStrategy<T> delegate, GenAiTracing tracing) {
        super(delegate);
        this.tracing = tracing;
    }

    GenAiTracing tracing() {
        return tracing;
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return Mono.deferContextual(ctx -> {
            Observation item = tracing.itemOf(attempt.itemId(), ctx);
            Observation o;
            if (item != null && !ctx.hasKey(GenAiTracing.ITEM_KEY)) {
                // the processor's item is not in the Reactor context: with automatic context propagation the
                // caller's span is current on this thread, and a tracing handler prefers the current span to
                // the parent observation, so the item is made current while the attempt starts
                try (Observation.Scope scope = item.openScope()) {
                    o = start(attempt, item);
                }
            } else {
                o = start(attempt, item != null ? item : tracing.parent(ctx));
            }
            Mono<LLMResponse<T>> call;
            try {
                call = super.execute(prompt, attempt);
            } catch (RuntimeException e) {
                call = Mono.error(e);
            }
            if (call == null) {
                call = Mono.error(new IllegalStateException("execute() returned null"));
            }
            if (o.isNoop()) {
                return call;
            }
            return Observed.stopAtEnd(call, o, r -> {
                o.lowCardinalityKeyValue(RESPONSE_MODEL, r.model() == null ? NONE : r.model())
                        .lowCardinalityKeyValue(ERROR_TYPE, NONE);
                ItemSpan.usage(o, r.usage());
            }, e -> {
                o.lowCardinalityKeyValue(RESPONSE_MODEL, NONE)
                        .lowCardinalityKeyValue(ERROR_TYPE, e.getClass().getSimpleName());
                o.error(e);
            }, () -> o.lowCardinalityKeyValue(RESPONSE_MODEL, NONE).lowCardinalityKeyValue(ERROR_TYPE, CANCELLED))
                    .contextWrite(c -> c.put(GenAiTracing.OBSERVATION_KEY, o));
        });
    }

    private Observation start(Attempt attempt, @Nullable Observation parent) {
        Observation o = Observation.createNotStarted(CLIENT_OPERATION, tracing.registry());
        if (o.isNoop()) {
            return o;
        }
        CallTarget target = target(attempt);
        String operation = target == null ? DEFAULT_OPERATION : target.operation();
        String model = target == null ? UNKNOWN : target.model();
        return o.contextualName(operation + " " + model).parentObservation(parent)
                .lowCardinalityKeyValue(OPERATION_NAME, operation)
                .lowCardinalityKeyValue(PROVIDER_NAME, target == null ? UNKNOWN : target.provider())
                .lowCardinalityKeyValue(REQUEST_MODEL, model)
                .highCardinalityKeyValue(ATTEMPT, Integer.toString(attempt.number()))
                .highCardinalityKeyValue(RATE_LIMIT_RETRIES, Integer.toString(attempt.rateLimitRetries()))
                .start();
    }

    private @Nullable CallTarget target(Attempt attempt) {
        try {
            return describe(attempt);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
