package io.llmbatch4j.middleware;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.BudgetExceededException;
import io.llmbatch4j.core.ForwardingCallStrategy;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Stops spending once a budget is reached: every item not yet started ends with
 * {@link ErrorKind#BUDGET_EXCEEDED} (a failed result, never silently dropped); calls already
 * running finish and keep their answers.
 *
 * <p>"Not yet started" is checked twice: in {@code beforeProcess}, and again when a call is about
 * to start (an item may pass {@code beforeProcess} and then wait for a worker or a cooldown while
 * the budget runs out). For the second check the item's strategy is wrapped in a guard (one
 * wrapper per strategy instance, so {@code prepare()}/{@code cleanup()} still run once per
 * strategy); the guard fails the attempt with a {@link BudgetExceededException} without calling
 * the model, which is not retried ({@code BUDGET_EXCEEDED} is not in the default
 * {@code RetryConfig.retryOn}).
 *
 * <p>Budgets: {@link #usd(double, DoubleSupplier)} reads the spent amount from a live source, such
 * as {@code CostTracker::totalUsd} of the observers module (which lags the calls by the observer
 * lane, so a few more calls may start); {@link #tokens(long)} counts the tokens of finished items
 * itself.
 */
public final class BudgetGuardMiddleware<T, C> implements Middleware<T, C> {

    private final double limit;
    private final DoubleSupplier spent;
    private final String unit;
    private final @Nullable LongAdder tokens;
    private final Map<LLMCallStrategy<T>, Guarded<T>> guards = Collections.synchronizedMap(new IdentityHashMap<>());

    private BudgetGuardMiddleware(double limit, DoubleSupplier spent, String unit, @Nullable LongAdder tokens) {
        if (!(limit >= 0)) {
            throw new IllegalArgumentException("the budget must be >= 0 (was " + limit + ")");
        }
        this.limit = limit;
        this.spent = spent;
        this.unit = unit;
        this.tokens = tokens;
    }

    /**
     * A budget of {@code limitUsd} US dollars, {@code spentUsd} saying how much is spent so far.
     *
     * @param limitUsd the budget in US dollars
     * @param spentUsd the spending so far, read before each item and each call starts (e.g.
     *     {@code costTracker::totalUsd})
     * @param <T> the strategies' output type
     * @param <C> the items' context type
     * @return the guard
     */
    public static <T, C> BudgetGuardMiddleware<T, C> usd(double limitUsd, DoubleSupplier spentUsd) {
        return new BudgetGuardMiddleware<>(limitUsd, spentUsd, "USD", null);
    }

    /**
     * A budget of {@code limitTokens} tokens, counted from the results of finished items.
     *
     * @param limitTokens the budget in tokens (input plus output)
     * @param <T> the strategies' output type
     * @param <C> the items' context type
     * @return the guard
     */
    public static <T, C> BudgetGuardMiddleware<T, C> tokens(long limitTokens) {
        LongAdder counter = new LongAdder();
        return new BudgetGuardMiddleware<>(limitTokens, counter::sum, "tokens", counter);
    }

    /** {@return whether the budget is used up} */
    public boolean exceeded() {
        return spent.getAsDouble() >= limit;
    }

    private String message() {
        return String.format(Locale.ROOT, "the budget of %s %s is spent (%s so far); the item was not started",
                format(limit), unit, format(spent.getAsDouble()));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public Mono<MiddlewareDecision<T, C>> beforeProcess(LLMWorkItem<T, C> item) {
        if (exceeded()) {
            return Mono.just(MiddlewareDecision.answer(WorkItemResult.failure(item.itemId(),
                    new ErrorInfo(ErrorKind.BUDGET_EXCEEDED, message(), BudgetExceededException.class.getSimpleName(),
                            null, null), TokenUsage.ZERO, 0, Duration.ZERO, item.context())));
        }
        Guarded<T> guarded = guards.computeIfAbsent(item.strategy(), Guarded::new);
        return Mono.just(MiddlewareDecision.proceed(new LLMWorkItem<>(item.itemId(), guarded, item.prompt(),
                item.context())));
    }

    @Override
    public Mono<WorkItemResult<T, C>> afterProcess(WorkItemResult<T, C> result) {
        LongAdder t = tokens;
        if (t != null) {
            t.add(result.usage().total());
        }
        return Mono.empty();
    }

    /** The item's strategy behind a budget check at call time. */
    private final class Guarded<R> extends ForwardingCallStrategy<R> {

        Guarded(LLMCallStrategy<R> delegate) {
            super(delegate);
        }

        @Override
        public Mono<LLMResponse<R>> execute(String prompt, Attempt attempt) {
            if (exceeded()) {
                return Mono.error(new BudgetExceededException(message()));
            }
            return super.execute(prompt, attempt);
        }

        @Override
        public Mono<Void> onError(Throwable error, Attempt attempt) {
            return error instanceof BudgetExceededException ? Mono.empty() : super.onError(error, attempt);
        }

        @Override
        public String toString() {
            return delegate().toString();
        }
    }
}
