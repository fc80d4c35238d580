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
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A primary strategy (provider, model) and a secondary one used for an item once the primary is
 * unavailable for it.
 *
 * <p><b>Unavailable</b> means exactly one of:
 * <ul>
 *   <li>the primary failed with a kind that retrying the same call cannot fix:
 *       {@link ErrorKind#PERMANENT} (authentication, permission, unknown model, a quota spent for
 *       the day, a bad request) or {@link ErrorKind#MODEL_LIMITATION} (context too long, an
 *       unsupported parameter). The <em>same attempt</em> then calls the secondary at once, since the
 *       processor does not retry these kinds;</li>
 *   <li>the primary failed {@code switchAfterTransientFailures} times for this item with
 *       {@link ErrorKind#TRANSIENT} or {@link ErrorKind#TIMEOUT} errors (5xx, overload, dropped
 *       connections, attempt timeouts): its transient retries are used up, and the item's next
 *       attempt (a processor retry) goes to the secondary. Give the processor more attempts than
 *       that number, or the secondary never gets a turn.</li>
 * </ul>
 * Rate limits never switch: the processor's coordinated cooldown handles them and a quota that is
 * really spent is reported by the clients as permanent. Validation failures never switch either (the
 * primary is up; see {@link ModelEscalationStrategy}). Kinds come from the {@link ErrorClassifier}
 * (the default one unless set).
 *
 * <p>Once an item switched it stays on the secondary for its remaining attempts. The decision is
 * per item, kept in {@link Attempt#state()}; other items still start on the primary. Which one
 * answered is recorded in the result: {@link LLMResponse#model()} is the model that answered, and
 * {@link #USED_SECONDARY} is set in the item's state. {@code prepare()}/{@code cleanup()} run on
 * both; {@code onError} goes to the one that failed.
 *
 * @param <T> the output type
 */
public final class FallbackStrategy<T> implements LLMCallStrategy<T> {

    /** Default number of transient failures of the primary, per item, before switching. */
    public static final int DEFAULT_SWITCH_AFTER_TRANSIENT_FAILURES = 2;

    /** Set to true in the item's state once it switched to the secondary. */
    public static final RetryState.Key<Boolean> USED_SECONDARY = RetryState.Key.of("fallback.usedSecondary");

    /** Transient failures of the primary so far for the item. */
    public static final RetryState.Key<Integer> PRIMARY_TRANSIENT_FAILURES =
            RetryState.Key.of("fallback.primaryTransientFailures");

    private static final Logger LOG = LoggerFactory.getLogger(FallbackStrategy.class);
    private static final Set<ErrorKind> UNAVAILABLE_AT_ONCE = Set.of(ErrorKind.PERMANENT, ErrorKind.MODEL_LIMITATION);
    private static final Set<ErrorKind> TRANSIENT = Set.of(ErrorKind.TRANSIENT, ErrorKind.TIMEOUT);

    private final LLMCallStrategy<T> primary;
    private final LLMCallStrategy<T> secondary;
    private final int switchAfterTransientFailures;
    private final ErrorClassifier classifier;

    private FallbackStrategy(LLMCallStrategy<T> primary, LLMCallStrategy<T> secondary, int switchAfter,
            ErrorClassifier classifier) {
        this.primary = primary;
        this.secondary = secondary;
        this.switchAfterTransientFailures = switchAfter;
        this.classifier = classifier;
    }

    /**
     * {@code primary}, then {@code secondary}, switching after {@link
     * #DEFAULT_SWITCH_AFTER_TRANSIENT_FAILURES}.
     *
     * @param primary the strategy tried first
     * @param secondary the strategy an item switches to
     * @param <T> the output type
     * @return the strategy
     */
    public static <T> FallbackStrategy<T> of(LLMCallStrategy<T> primary, LLMCallStrategy<T> secondary) {
        return of(primary, secondary, DEFAULT_SWITCH_AFTER_TRANSIENT_FAILURES);
    }

    /**
     * @param switchAfterTransientFailures transient failures of the primary (per item) before the
     *     item switches; at least 1
     * @param primary the strategy tried first
     * @param secondary the strategy an item switches to
     * @param <T> the output type
     * @return the strategy
     * @throws io.llmbatch4j.core.InvalidConfigException naming every bad argument
     */
    public static <T> FallbackStrategy<T> of(LLMCallStrategy<T> primary, LLMCallStrategy<T> secondary,
            int switchAfterTransientFailures) {
        new ConfigChecks("FallbackStrategy")
                .check(primary != null, "primary", "must not be null", primary)
                .check(secondary != null, "secondary", "must not be null", secondary)
                .check(primary == null || primary != secondary, "secondary", "must differ from primary", secondary)
                .check(switchAfterTransientFailures >= 1, "switchAfterTransientFailures", "must be >= 1",
                        switchAfterTransientFailures)
                .throwIfAny();
        return new FallbackStrategy<>(primary, secondary, switchAfterTransientFailures, ErrorClassifier.defaults());
    }

    /**
     * This strategy classifying errors with {@code errorClassifier}.
     *
     * @param errorClassifier the classifier that decides which failures switch an item
     * @return a copy of this strategy
     */
    public FallbackStrategy<T> withClassifier(ErrorClassifier errorClassifier) {
        return new FallbackStrategy<>(primary, secondary, switchAfterTransientFailures,
                Objects.requireNonNull(errorClassifier, "errorClassifier"));
    }

    /**
     * True when the item's attempts go to the secondary.
     *
     * @param attempt an attempt of the item
     * @return whether that item has switched
     */
    public boolean usesSecondary(Attempt attempt) {
        return Boolean.TRUE.equals(attempt.state().get(USED_SECONDARY));
    }

    /** What the item's attempts go to now: the primary, or the secondary once switched. */
    @Override
    public @Nullable CallTarget describe(Attempt attempt) {
        return (usesSecondary(attempt) ? secondary : primary).describe(attempt);
    }

    @Override
    public Mono<LLMResponse<T>> execute(String prompt, Attempt attempt) {
        return Mono.defer(() -> {
            if (usesSecondary(attempt)) {
                return secondary.execute(prompt, attempt);
            }
            return primary.execute(prompt, attempt).onErrorResume(
                    e -> UNAVAILABLE_AT_ONCE.contains(Errors.kind(classifier, e)),
                    e -> {
                        LOG.debug("item {}: primary unavailable ({}), using the secondary", attempt.itemId(),
                                e.toString());
                        attempt.state().put(USED_SECONDARY, true);
                        return secondary.execute(prompt, attempt);
                    });
        });
    }

    @Override
    public Mono<Void> onError(Throwable error, Attempt attempt) {
        return Mono.defer(() -> {
            if (usesSecondary(attempt)) {
                return secondary.onError(error, attempt);
            }
            if (TRANSIENT.contains(Errors.kind(classifier, error))) {
                int failures = attempt.state().getOrDefault(PRIMARY_TRANSIENT_FAILURES, 0) + 1;
                attempt.state().put(PRIMARY_TRANSIENT_FAILURES, failures);
                if (failures >= switchAfterTransientFailures) {
                    LOG.debug("item {}: primary failed {} times transiently, using the secondary", attempt.itemId(),
                            failures);
                    attempt.state().put(USED_SECONDARY, true);
                }
            }
            return primary.onError(error, attempt);
        });
    }

    @Override
    public Mono<Void> prepare() {
        return primary.prepare().then(Mono.defer(secondary::prepare));
    }

    @Override
    public Mono<Void> cleanup() {
        return Flux.just(primary, secondary).concatMapDelayError(s -> Mono.defer(s::cleanup)).then();
    }

    @Override
    public @Nullable String scopeKey(String prompt) {
        return primary.scopeKey(prompt);
    }

    @Override
    public Mono<LLMResponse<T>> dryRun(String prompt, Attempt attempt) {
        return (usesSecondary(attempt) ? secondary : primary).dryRun(prompt, attempt);
    }

    @Override
    public String toString() {
        return "FallbackStrategy[" + primary + " -> " + secondary + "]";
    }
}
