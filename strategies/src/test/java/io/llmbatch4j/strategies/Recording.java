package io.llmbatch4j.strategies;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.ValidationFailedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * A test decorator around a real strategy: records, per item, which step was called, how the call
 * ended and the tokens it spent. It never changes what happens.
 */
final class Recording<T> implements LLMCallStrategy<T> {

    record Call(String step, int attempt, ErrorKind outcome, TokenUsage usage) {}

    private final String step;
    private final LLMCallStrategy<T> delegate;
    private final Map<String, List<Call>> calls;

    Recording(String step, LLMCallStrategy<T> delegate, Map<String, List<Call>> calls) {
        this.step = step;
        this.delegate = delegate;
        this.calls = calls;
    }

    static Map<String, List<Call>> log() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return delegate.execute(prompt, attempt)
                .doOnNext(r -> add(attempt, null, r.usage()))
                .doOnError(e -> add(attempt, ErrorClassifier.defaults().classify(e).kind(),
                        e instanceof ValidationFailedException v ? v.usage() : TokenUsage.ZERO))
                .doOnCancel(() -> add(attempt, ErrorKind.TIMEOUT, TokenUsage.ZERO));
    }

    private void add(Attempt attempt, ErrorKind outcome, TokenUsage usage) {
        calls.computeIfAbsent(attempt.itemId(), k -> new CopyOnWriteArrayList<>())
                .add(new Call(step, attempt.number(), outcome, usage));
    }

    @Override
    public Mono<Void> onError(Throwable error, Attempt attempt) {
        return delegate.onError(error, attempt);
    }
}
