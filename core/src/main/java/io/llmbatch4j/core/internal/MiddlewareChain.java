package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.WorkItemResult;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A processor's middleware around each item: {@code beforeProcess} in registration order,
 * {@code afterProcess} in reverse from the depth the item reached, {@code onRetry} in order. Every
 * hook is bounded by the hook timeout ({@link HookCalls}); every {@code Mono} here emits exactly
 * one value (or, for {@code onRetry}, completes) and never errors: a failing {@code beforeProcess}
 * answers the item with a PERMANENT failure naming the middleware, a failing {@code afterProcess}
 * or {@code onRetry} is logged and skipped.
 */
final class MiddlewareChain<T, C> {

    private static final Logger LOG = LoggerFactory.getLogger(MiddlewareChain.class);

    private final List<Middleware<T, C>> middlewares;
    private final HookCalls hooks;

    MiddlewareChain(List<Middleware<T, C>> middlewares, HookCalls hooks) {
        this.middlewares = List.copyOf(middlewares);
        this.hooks = hooks;
    }

    boolean isEmpty() {
        return middlewares.isEmpty();
    }

    /**
     * {@code beforeProcess} of every middleware: the answer of the first that answers (or the
     * failure of one that fails or changes the item id), else the item to process, as the last
     * middleware passed it on. {@code passed} hears, after each middleware that passed the item on,
     * how many did: their {@code afterProcess} runs when the item ends.
     */
    Mono<MiddlewareDecision<T, C>> before(LLMWorkItem<T, C> item, IntConsumer passed,
            Function<ErrorInfo, WorkItemResult<T, C>> failure) {
        return before(0, item, passed, failure);
    }

    private Mono<MiddlewareDecision<T, C>> before(int i, LLMWorkItem<T, C> current, IntConsumer passed,
            Function<ErrorInfo, WorkItemResult<T, C>> failure) {
        if (i == middlewares.size()) {
            return Mono.just(MiddlewareDecision.proceed(current));
        }
        Middleware<T, C> m = middlewares.get(i);
        return hooks.<MiddlewareDecision<T, C>>call(() -> m.beforeProcess(current))
                .onErrorResume(e -> Mono.just(MiddlewareDecision.answer(failure.apply(new ErrorInfo(ErrorKind.PERMANENT,
                        "beforeProcess of " + m.getClass().getName() + " failed: " + Faults.messageOf(e),
                        e.getClass().getSimpleName(), null, e)))))
                .flatMap(d -> {
                    if (d.answer() != null) {
                        return Mono.just(d);
                    }
                    LLMWorkItem<T, C> next = d.item();
                    if (next == null || !next.itemId().equals(current.itemId())) {
                        return Mono.just(MiddlewareDecision.answer(failure.apply(ErrorInfo.of(ErrorKind.PERMANENT,
                                "beforeProcess of " + m.getClass().getName() + " changed the item id"))));
                    }
                    passed.accept(i + 1);
                    return before(i + 1, next, passed, failure);
                })
                .switchIfEmpty(Mono.defer(() -> {
                    passed.accept(i + 1);
                    return before(i + 1, current, passed, failure);
                }));
    }

    /** {@code afterProcess} of middleware {@code depth - 1} down to 0; a failing one keeps the result. */
    Mono<WorkItemResult<T, C>> after(int depth, WorkItemResult<T, C> r) {
        if (depth == 0) {
            return Mono.just(r);
        }
        Middleware<T, C> m = middlewares.get(depth - 1);
        return hooks.<WorkItemResult<T, C>>call(() -> m.afterProcess(r))
                .defaultIfEmpty(r)
                .onErrorResume(e -> {
                    LOG.warn("afterProcess of {} failed for item {}; result kept: {}", m.getClass().getName(),
                            r.itemId(), Faults.messageOf(e), e);
                    return Mono.just(r);
                })
                .flatMap(next -> after(depth - 1, next));
    }

    /** {@code onRetry} of every middleware, in order; failures are logged. */
    Mono<Void> onRetry(LLMWorkItem<T, C> item, int failedAttempt, ErrorInfo error) {
        if (middlewares.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(middlewares)
                .concatMap(m -> hooks.<Void>call(() -> m.onRetry(item, failedAttempt, error))
                        .onErrorResume(e -> {
                            LOG.warn("onRetry of {} failed for item {}: {}", m.getClass().getName(), item.itemId(),
                                    Faults.messageOf(e), e);
                            return Mono.empty();
                        }))
                .then();
    }
}
