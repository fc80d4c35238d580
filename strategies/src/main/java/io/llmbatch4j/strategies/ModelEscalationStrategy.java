package io.llmbatch4j.strategies;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.strategies.internal.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tries an ordered list of steps (models, or whole strategies), cheapest first, and moves an item
 * one step up only after a validation failure.
 *
 * <p>Each item starts at step 0. When one of its attempts fails and the {@link ErrorClassifier}
 * (the default one unless set) calls the error {@link ErrorKind#VALIDATION}, the item's next
 * attempt uses the next step; the last step is kept for any further attempt. Any other failure —
 * network, server error, timeout, rate limit, model limitation — retries the same step: a better
 * model does not fix a dropped connection. How many attempts an item gets is the processor's
 * {@link io.llmbatch4j.core.RetryConfig}; give it at least as many attempts as there are steps.
 *
 * <p>The escalation level is per item, kept in {@link Attempt#state()} under {@link #LEVEL}, never
 * in this object: one instance is safe for any number of concurrent items, and one item's failures
 * never move another item up. The response's {@link LLMResponse#model()} names the model that
 * answered (the step's own, or the step's name when the step reports none).
 *
 * <p>{@code prepare()} prepares every step in order, {@code cleanup()} cleans every step up (all of
 * them, even if one fails; errors are reported together at the end). {@code onError} is passed to the step that
 * failed. {@code scopeKey} is the first step's (it is asked once per item, before any escalation).
 *
 * @param <T> the output type
 */
public final class ModelEscalationStrategy<T> implements LLMCallStrategy<T> {

    /** The item's current step index (per item, in {@link Attempt#state()}); absent = 0. */
    public static final RetryState.Key<Integer> LEVEL = RetryState.Key.of("modelEscalation.level");

    private final List<LLMCallStrategy<T>> steps;
    private final List<String> names;
    private final ErrorClassifier classifier;

    private ModelEscalationStrategy(List<LLMCallStrategy<T>> steps, List<String> names, ErrorClassifier classifier) {
        this.steps = List.copyOf(steps);
        this.names = List.copyOf(names);
        this.classifier = classifier;
    }

    /**
     * Escalation over {@code models}, cheapest first, each called through the strategy
     * {@code perModel} makes for it (e.g. {@code structured::withModel}).
     *
     * @param models the model names, cheapest first
     * @param perModel makes the strategy for one model
     * @param <T> the output type
     * @return the strategy
     * @throws io.llmbatch4j.core.InvalidConfigException when {@code models} is empty, has blanks or duplicates
     */
    public static <T> ModelEscalationStrategy<T> ofModels(List<String> models,
            Function<String, ? extends LLMCallStrategy<T>> perModel) {
        Objects.requireNonNull(perModel, "perModel");
        checkNames(models);
        List<LLMCallStrategy<T>> steps = new ArrayList<>();
        models.forEach(m -> steps.add(Objects.requireNonNull(perModel.apply(m), "perModel returned null for " + m)));
        return new ModelEscalationStrategy<>(steps, models, ErrorClassifier.defaults());
    }

    /**
     * Escalation over whole strategies, cheapest first.
     *
     * @param steps the strategies, cheapest first
     * @param <T> the output type
     * @return the strategy
     * @throws io.llmbatch4j.core.InvalidConfigException when {@code steps} is empty or holds null
     */
    public static <T> ModelEscalationStrategy<T> of(List<? extends LLMCallStrategy<T>> steps) {
        new ConfigChecks("ModelEscalationStrategy")
                .check(steps != null && !steps.isEmpty(), "steps", "must hold at least one strategy", steps)
                .check(steps == null || steps.stream().allMatch(Objects::nonNull), "steps", "must not hold null", steps)
                .throwIfAny();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            names.add("step-" + i);
        }
        return new ModelEscalationStrategy<>(List.copyOf(steps), names, ErrorClassifier.defaults());
    }

    private static void checkNames(@Nullable List<String> models) {
        new ConfigChecks("ModelEscalationStrategy")
                .check(models != null && !models.isEmpty(), "models", "must hold at least one model", models)
                .check(models == null || models.stream().allMatch(m -> m != null && !m.isBlank()), "models",
                        "must not hold blank names", models)
                .check(models == null || models.stream().distinct().count() == models.size(), "models",
                        "must not hold duplicates", models)
                .throwIfAny();
    }

    /**
     * This strategy deciding what a validation failure is with {@code errorClassifier}.
     *
     * @param errorClassifier the classifier that decides which failures escalate an item
     * @return a copy of this strategy
     */
    public ModelEscalationStrategy<T> withClassifier(ErrorClassifier errorClassifier) {
        return new ModelEscalationStrategy<>(steps, names, Objects.requireNonNull(errorClassifier, "errorClassifier"));
    }

    /**
     * The step index the item's next attempt uses.
     *
     * @param attempt an attempt of the item
     * @return the index into {@link #names()}
     */
    public int levelOf(Attempt attempt) {
        return attempt.state().getOrDefault(LEVEL, 0);
    }

    /** What the item's current step calls (the model changes as the item escalates). */
    @Override
    public @Nullable CallTarget describe(Attempt attempt) {
        return steps.get(levelOf(attempt)).describe(attempt);
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> {
            int level = levelOf(attempt);
            String name = names.get(level);
            return steps.get(level).execute(prompt, attempt)
                    .map(r -> r.model() != null ? r : new LLMResponse<>(r.output(), r.usage(), name, r.rateLimit()));
        });
    }

    @Override
    public Mono<Void> onError(Throwable error, Attempt attempt) {
        return Mono.defer(() -> {
            int level = levelOf(attempt);
            if (Errors.kind(classifier, error) == ErrorKind.VALIDATION && level < steps.size() - 1) {
                attempt.state().put(LEVEL, level + 1);
            }
            return steps.get(level).onError(error, attempt);
        });
    }

    @Override
    public Mono<Void> prepare() {
        return Flux.fromIterable(steps).concatMap(LLMCallStrategy::prepare).then();
    }

    @Override
    public Mono<Void> cleanup() {
        return Flux.fromIterable(steps)
                .concatMapDelayError(s -> Mono.defer(s::cleanup))
                .then();
    }

    @Override
    public @Nullable String scopeKey(String prompt) {
        return steps.get(0).scopeKey(prompt);
    }

    @Override
    public Mono<LLMResponse<T>> dryRun(String prompt, Attempt attempt) {
        return steps.get(levelOf(attempt)).dryRun(prompt, attempt);
    }

    /** {@return the step names (the models for {@link #ofModels}), cheapest first} */
    public List<String> names() {
        return names;
    }

    @Override
    public String toString() {
        return "ModelEscalationStrategy" + names;
    }
}
