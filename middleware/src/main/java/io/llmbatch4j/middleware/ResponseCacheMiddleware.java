package io.llmbatch4j.middleware;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Answers an item from memory when an earlier item with the same strategy (by
 * {@link Object#equals}, i.e. the same instance unless the strategy says otherwise) and the same
 * prompt succeeded: the model is called once per distinct (strategy, prompt). Only successes are
 * kept. A cached answer has the original output and model, zero attempts and zero usage (nothing
 * was spent). At most {@code maximumSize} answers are held (Caffeine's size-based eviction,
 * frequency-aware).
 *
 * <p>Items that arrive while an identical one is being answered (a batch starts many items at
 * once) wait for it instead of calling the model: when it succeeds they are answered with its
 * output; when it fails, or has not ended within {@code leaderWait}, each goes on and calls the
 * model itself.
 */
public final class ResponseCacheMiddleware<T, C> implements Middleware<T, C> {

    /** The answers held unless set: 10,000. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** How long items wait for an identical item being answered unless set: 5 minutes. */
    public static final Duration DEFAULT_LEADER_WAIT = Duration.ofMinutes(5);

    private record Key(LLMCallStrategy<?> strategy, String prompt) {}

    private record Answer<T>(@Nullable T output, @Nullable String model) {}

    private final Cache<Key, Answer<T>> cache;
    private final Duration leaderWait;
    private final Scheduler timer;
    /** Keys being answered now, with the sink their followers wait on (empty Optional: go on yourself). */
    private final java.util.Map<Key, Sinks.One<java.util.Optional<Answer<T>>>> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    /** Items between beforeProcess and afterProcess, by id: their key. */
    private final java.util.Map<String, Key> pending = new java.util.concurrent.ConcurrentHashMap<>();

    /** Holds at most {@link #DEFAULT_MAXIMUM_SIZE} answers. */
    public ResponseCacheMiddleware() {
        this(DEFAULT_MAXIMUM_SIZE);
    }

    /**
     * Holds at most {@code maximumSize} answers.
     *
     * @param maximumSize the most answers held
     */
    public ResponseCacheMiddleware(long maximumSize) {
        this(maximumSize, DEFAULT_LEADER_WAIT);
    }

    /**
     * Holds at most {@code maximumSize} answers; followers wait at most {@code leaderWait} for an identical
     * item.
     *
     * @param maximumSize the most answers held
     * @param leaderWait how long an item waits for an identical one being answered
     */
    public ResponseCacheMiddleware(long maximumSize, Duration leaderWait) {
        this(maximumSize, leaderWait, Schedulers.parallel());
    }

    /**
     * As above, timing {@code leaderWait} on {@code timer} (a virtual-time scheduler in tests).
     *
     * @param maximumSize the most answers held
     * @param leaderWait how long an item waits for an identical one being answered
     * @param timer the scheduler that times {@code leaderWait}
     */
    public ResponseCacheMiddleware(long maximumSize, Duration leaderWait, Scheduler timer) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be >= 1 (was " + maximumSize + ")");
        }
        if (leaderWait == null || leaderWait.isNegative()) {
            throw new IllegalArgumentException("leaderWait must be >= 0 (was " + leaderWait + ")");
        }
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
        this.leaderWait = leaderWait;
        this.timer = java.util.Objects.requireNonNull(timer, "timer");
    }

    @Override
    public Mono<MiddlewareDecision<T, C>> beforeProcess(LLMWorkItem<T, C> item) {
        Key key = new Key(item.strategy(), item.prompt());
        Answer<T> hit = cache.getIfPresent(key);
        if (hit != null) {
            hits.increment();
            return Mono.just(answer(item, hit));
        }
        Sinks.One<java.util.Optional<Answer<T>>> mine = Sinks.one();
        Sinks.One<java.util.Optional<Answer<T>>> leader = inFlight.putIfAbsent(key, mine);
        if (leader == null) {
            misses.increment();
            pending.put(item.itemId(), key);
            return Mono.empty();
        }
        return leader.asMono()
                .timeout(leaderWait, Mono.just(java.util.Optional.empty()), timer)
                .flatMap(answer -> {
                    if (answer.isPresent()) {
                        hits.increment();
                        return Mono.just(answer(item, answer.get()));
                    }
                    misses.increment();
                    return Mono.empty();
                });
    }

    private MiddlewareDecision<T, C> answer(LLMWorkItem<T, C> item, Answer<T> hit) {
        return MiddlewareDecision.answer(WorkItemResult.success(item.itemId(), hit.output(), TokenUsage.ZERO, 0,
                Duration.ZERO, hit.model(), item.context()));
    }

    @Override
    public Mono<WorkItemResult<T, C>> afterProcess(WorkItemResult<T, C> result) {
        Key key = pending.remove(result.itemId());
        if (key == null) {
            return Mono.empty();
        }
        java.util.Optional<Answer<T>> answer = java.util.Optional.empty();
        if (result.success()) {
            Answer<T> a = new Answer<>(result.output(), result.model());
            cache.put(key, a);
            answer = java.util.Optional.of(a);
        }
        Sinks.One<java.util.Optional<Answer<T>>> sink = inFlight.remove(key);
        if (sink != null) {
            sink.tryEmitValue(answer);
        }
        return Mono.empty();
    }

    /** {@return how many items were answered from the cache} */
    public long hits() {
        return hits.sum();
    }

    /** {@return how many items had to call the model} */
    public long misses() {
        return misses.sum();
    }

    /** {@return how many answers are held now (after pending evictions)} */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
