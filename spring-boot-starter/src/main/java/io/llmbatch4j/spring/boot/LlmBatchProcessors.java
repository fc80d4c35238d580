package io.llmbatch4j.spring.boot;

import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.observers.GenAiTracing;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Makes {@link ParallelBatchProcessor} builders preset from {@code llmbatch4j.processor.*}, with the
 * application's {@link ProcessingObserver} beans (cost, health, metrics) and item tracing
 * ({@link GenAiTracing#middleware()}, first) already registered. Change what a job needs and build; close
 * the processor when the job is done.
 */
public final class LlmBatchProcessors {

    private final ProcessorConfig config;
    private final ObjectProvider<ProcessingObserver> observers;
    private final GenAiTracing tracing;

    /**
     * A factory of builders.
     *
     * @param config the processors' default config
     * @param observers the observers every processor gets
     * @param tracing the tracing of items
     */
    public LlmBatchProcessors(ProcessorConfig config, ObjectProvider<ProcessingObserver> observers,
            GenAiTracing tracing) {
        this.config = config;
        this.observers = observers;
        this.tracing = tracing;
    }

    /** {@return the config the builders start from} */
    public ProcessorConfig config() {
        return config;
    }

    /** {@return the tracing; wrap the job's strategies with {@link GenAiTracing#strategy} for attempt spans} */
    public GenAiTracing tracing() {
        return tracing;
    }

    /**
     * A new builder, preset.
     *
     * @param <T> the strategies' output type
     * @param <C> the caller's context type
     * @return the builder
     */
    public <T, C> ParallelBatchProcessor.Builder<T, C> builder() {
        return ParallelBatchProcessor.<T, C>builder().config(config).middleware(tracing.<T, C>middleware())
                .observer(observers.orderedStream().toArray(ProcessingObserver[]::new));
    }
}
