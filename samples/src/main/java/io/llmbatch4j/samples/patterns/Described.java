package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A strategy that tells observers which model each attempt asks for ({@link LLMCallStrategy#describe}),
 * so a {@code CostTracker} prices failed attempts too (they carry tokens but no answering model).
 * Everything else goes to the wrapped strategy.
 */
final class Described<T> implements LLMCallStrategy<T> {

    private final LLMCallStrategy<T> delegate;
    private final Function<Attempt, CallTarget> target;

    Described(LLMCallStrategy<T> delegate, Function<Attempt, CallTarget> target) {
        this.delegate = delegate;
        this.target = target;
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return delegate.execute(prompt, attempt);
    }

    @Override
    public Mono<Void> onError(Throwable error, Attempt attempt) {
        return delegate.onError(error, attempt);
    }

    @Override
    public Mono<Void> prepare() {
        return delegate.prepare();
    }

    @Override
    public Mono<Void> cleanup() {
        return delegate.cleanup();
    }

    @Override
    public @Nullable CallTarget describe(Attempt attempt) {
        return target.apply(attempt);
    }
}
