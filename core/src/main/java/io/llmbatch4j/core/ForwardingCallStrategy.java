package io.llmbatch4j.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A strategy that forwards every method, the defaults included, to another one: extend it and
 * override only what a decorator changes. Forwarding everything keeps the wrapped strategy's
 * {@code prepare}/{@code cleanup}, admission scope, dry-run answer and description, also for
 * methods {@link LLMCallStrategy} gains later.
 *
 * @param <T> the output type
 */
public abstract class ForwardingCallStrategy<T> implements LLMCallStrategy<T> {

    private final LLMCallStrategy<T> delegate;

    /**
     * A strategy forwarding every method to {@code delegate}.
     *
     * @param delegate the wrapped strategy
     */
    protected ForwardingCallStrategy(LLMCallStrategy<T> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@return the wrapped strategy} */
    public LLMCallStrategy<T> delegate() {
        return delegate;
    }

    @Override
    public Mono<Void> prepare() {
        return delegate.prepare();
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
    public @Nullable String scopeKey(String prompt) {
        return delegate.scopeKey(prompt);
    }

    @Override
    public Mono<LLMResponse<T>> dryRun(String prompt, Attempt attempt) {
        return delegate.dryRun(prompt, attempt);
    }

    @Override
    public @Nullable CallTarget describe(Attempt attempt) {
        return delegate.describe(attempt);
    }

    @Override
    public Mono<Void> cleanup() {
        return delegate.cleanup();
    }
}
