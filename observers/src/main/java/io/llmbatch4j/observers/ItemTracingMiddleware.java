package io.llmbatch4j.observers;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.WorkItemResult;
import io.micrometer.observation.Observation;
import reactor.core.publisher.Mono;

/** {@link GenAiTracing#middleware()}: one {@link MetricNames#ITEM} observation per item, found by its id. */
final class ItemTracingMiddleware<T, C> implements Middleware<T, C> {

    private final GenAiTracing tracing;

    ItemTracingMiddleware(GenAiTracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public Mono<MiddlewareDecision<T, C>> beforeProcess(LLMWorkItem<T, C> item) {
        return Mono.deferContextual(ctx -> {
            Observation o = ItemSpan.start(tracing, tracing.parent(ctx), item.itemId());
            if (!o.isNoop()) {
                Observation clash = tracing.items().put(item.itemId(), o);
                if (clash != null) {
                    clash.stop();
                }
            }
            return Mono.empty();
        });
    }

    @Override
    public Mono<WorkItemResult<T, C>> afterProcess(WorkItemResult<T, C> result) {
        Observation o = tracing.items().remove(result.itemId());
        if (o != null) {
            ItemSpan.attempts(o, result.attempts());
            if (result.success()) {
                ItemSpan.succeeded(o, result.usage());
            } else {
                ItemSpan.usage(o, result.usage());
                ItemSpan.failed(o, result.error(), null);
            }
            o.stop();
        }
        return Mono.empty();
    }

    @Override
    public Mono<Void> onRetry(LLMWorkItem<T, C> item, int failedAttempt, ErrorInfo error) {
        Observation o = tracing.items().get(item.itemId());
        if (o != null) {
            o.event(Observation.Event.of(MetricNames.RETRY_EVENT, "retry after " + error.kind() + " (" + error.errorType()
                    + ") of attempt " + failedAttempt));
        }
        return Mono.empty();
    }
}
