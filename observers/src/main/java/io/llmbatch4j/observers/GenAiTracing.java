package io.llmbatch4j.observers;

import io.llmbatch4j.core.LLMCallFailedException;
import io.llmbatch4j.core.LLMCallPool;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.Middleware;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Traces items and their calls as Micrometer {@link Observation}s, which a tracing bridge (Micrometer
 * Tracing with OpenTelemetry or Brave) turns into spans; works without Spring. Names are in
 * {@link MetricNames}.
 *
 * <ul>
 *   <li>Each attempt of a {@linkplain #strategy traced strategy} is one {@value MetricNames#CLIENT_OPERATION}
 *       observation named {@code "{operation} {model}"}, with the OpenTelemetry GenAI attributes:
 *       low cardinality {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 *       {@code gen_ai.request.model} (from {@link LLMCallStrategy#describe}, else {@code unknown}),
 *       {@code gen_ai.response.model} and {@code error.type} (written when the call ends, {@code none} where they do not apply: the keys are always
 *       present, so metrics made from the observation keep one tag set); high cardinality
 *       {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}, {@code llmbatch.attempt}.
 *       A retry is a new attempt, so a new span; a failed one carries the exception's simple class
 *       name as {@code error.type} and the error itself ({@link Observation#error}); one cut while it
 *       ran (its timeout, cancellation) says {@code cancelled}.
 *   <li>Each item is one {@value MetricNames#ITEM} observation, the parent of its attempts: for a
 *       {@code ParallelBatchProcessor} through {@link #middleware()} (retries are also events
 *       {@value MetricNames#RETRY_EVENT} on it), for an {@code LLMCallPool} through
 *       {@link #call(LLMCallPool, LLMCallStrategy, String)}. Its attributes: {@code outcome},
 *       {@code error.kind}, {@code error.type}; {@code llmbatch.item.id} and {@code llmbatch.attempts}
 *       (high cardinality).
 * </ul>
 *
 * <p>The parent of an item is the caller's current observation, taken from the subscriber's Reactor
 * context ({@code ObservationThreadLocalAccessor.KEY}, where Spring WebFlux and
 * {@code Micrometer.observation} put it) or, failing that, from the registry's thread-local current
 * observation at subscription. No Reactor hook is installed: automatic context propagation stays the
 * application's choice. Prompts, outputs and keys are never recorded.
 *
 * <p>The processor's item spans are found by the attempts through the item id: ids must be unique among
 * the items in flight through one {@code GenAiTracing} (the processor's duplicate-id check ensures it
 * within a run); a clash parents an attempt to the wrong item, nothing worse. With
 * {@link ObservationRegistry#NOOP} everything here is a no-op.
 */
public final class GenAiTracing {

    /** Where {@link #call} puts the item's observation in the Reactor context, for its attempts. */
    static final String ITEM_KEY = GenAiTracing.class.getName() + ".item";
    /** Micrometer's key of the current observation in a Reactor context ({@code ObservationThreadLocalAccessor.KEY}). */
    static final String OBSERVATION_KEY = "micrometer.observation";

    private final ObservationRegistry registry;
    private final Map<String, Observation> items = new ConcurrentHashMap<>();

    private GenAiTracing(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Tracing into {@code registry}.
     *
     * @param registry the observation registry with the application's handlers (a tracing handler for spans)
     * @return the tracing
     */
    public static GenAiTracing create(ObservationRegistry registry) {
        return new GenAiTracing(registry);
    }

    /** {@return the observation registry the observations go to} */
    public ObservationRegistry registry() {
        return registry;
    }

    /**
     * Wraps {@code strategy} so that each of its attempts is an observation; everything else
     * (prepare, cleanup, scope, description) is forwarded. Wrap once and reuse the result: the
     * processor prepares each distinct strategy instance once per run.
     *
     * @param strategy the strategy to trace
     * @param <T> its output type
     * @return the traced strategy ({@code strategy} itself when it is already traced by this tracing)
     */
    public <T> LLMCallStrategy<T> strategy(LLMCallStrategy<T> strategy) {
        Objects.requireNonNull(strategy, "strategy");
        if (strategy instanceof TracedStrategy<T> t && t.tracing() == this) {
            return strategy;
        }
        return new TracedStrategy<>(strategy, this);
    }

    /**
     * A middleware that makes each item of a {@code ParallelBatchProcessor} an observation, from its
     * start to its result, with one event per retry. Register it first, so that it sees every item
     * (middleware before it that answers an item hides the item from it).
     *
     * @param <T> the output type
     * @param <C> the caller's context type
     * @return the middleware
     */
    public <T, C> Middleware<T, C> middleware() {
        return new ItemTracingMiddleware<>(this);
    }

    /**
     * {@code pool.call(strategy, prompt)} as an item observation, the parent of the attempts of a
     * {@linkplain #strategy traced} {@code strategy}. Lazy and cancellable as {@link LLMCallPool#call}.
     *
     * @param pool the pool
     * @param strategy the strategy, best one returned by {@link #strategy}
     * @param prompt the prompt
     * @param <T> the output type
     * @return the response, or the pool's error
     */
    public <T> Mono<LLMResponse<T>> call(LLMCallPool pool, LLMCallStrategy<T> strategy, String prompt) {
        Objects.requireNonNull(pool, "pool");
        return Mono.deferContextual(ctx -> {
            Observation item = ItemSpan.start(this, parent(ctx), null);
            return Observed.stopAtEnd(pool.call(strategy, prompt), item, r -> ItemSpan.succeeded(item, r.usage()),
                    e -> ItemSpan.failed(item, e instanceof LLMCallFailedException f ? f.error() : null, e),
                    () -> ItemSpan.cancelled(item))
                    .contextWrite(c -> c.put(OBSERVATION_KEY, item).put(ITEM_KEY, item));
        });
    }

    /** The caller's observation: the Reactor context's, else the registry's thread-local one. */
    @Nullable Observation parent(ContextView ctx) {
        Object o = ctx.getOrDefault(OBSERVATION_KEY, null);
        return o instanceof Observation obs ? obs : registry.getCurrentObservation();
    }

    /** The item observation an attempt of {@code itemId} belongs to: {@link #call}'s, the middleware's, or none. */
    @Nullable Observation itemOf(String itemId, ContextView ctx) {
        Object o = ctx.getOrDefault(ITEM_KEY, null);
        if (o instanceof Observation obs) {
            return obs;
        }
        return items.isEmpty() ? null : items.get(itemId);
    }

    Map<String, Observation> items() {
        return items;
    }
}
