package io.llmbatch4j.providers.batch;

import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A batch provider that forwards every method, {@code toString()} included, to another one:
 * extend it and override only what a decorator changes (e.g. logging each submit). Forwarding
 * everything keeps the wrapped provider's name, limits and laziness, also for methods
 * {@link BatchProvider} gains later. The provider implementations
 * ({@link io.llmbatch4j.providers.batch.openai.OpenAiBatchProvider} and the others) are built this
 * way around their implementations.
 */
public abstract class ForwardingBatchProvider implements BatchProvider {

    private final BatchProvider delegate;

    /**
     * A provider forwarding every method to {@code delegate}.
     *
     * @param delegate the wrapped provider
     */
    protected ForwardingBatchProvider(BatchProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@return the wrapped provider} */
    public BatchProvider delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean supportsModel(String model) {
        return delegate.supportsModel(model);
    }

    @Override
    public BatchProviderConfig config() {
        return delegate.config();
    }

    @Override
    public Flux<PreparedBatch> preparePayloads(String model, BatchMode mode, Flux<BatchRequest> requests) {
        return delegate.preparePayloads(model, mode, requests);
    }

    @Override
    public Mono<BatchHandle> submit(PreparedBatch batch) {
        return delegate.submit(batch);
    }

    @Override
    public Mono<BatchSnapshot> pollStatus(BatchHandle batch) {
        return delegate.pollStatus(batch);
    }

    @Override
    public Flux<BatchItemResult> fetchResults(BatchHandle batch, BatchSnapshot terminal) {
        return delegate.fetchResults(batch, terminal);
    }

    @Override
    public Mono<BatchSnapshot> cancel(BatchHandle batch) {
        return delegate.cancel(batch);
    }

    /** {@return the wrapped provider's description} */
    @Override
    public String toString() {
        return delegate.toString();
    }
}
