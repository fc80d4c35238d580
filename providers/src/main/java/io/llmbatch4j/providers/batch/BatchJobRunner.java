package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMException;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.batch.internal.ItemResults;
import io.llmbatch4j.providers.batch.internal.PollBackoff;
import io.llmbatch4j.providers.batch.internal.RunOutputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs the processor's work items through offline Batch APIs (seeds 000, 001, 002, 004).
 *
 * <p>{@link #run} takes items whose strategy is a {@link BatchableStrategy}, groups them by the
 * model of their request (one model per batch), hands each group to the first provider whose
 * {@link BatchProvider#supportsModel} accepts it, and lets the provider chunk it by its request
 * and byte limits. Chunks are submitted one after another; <b>each batch id is written to the
 * {@link BatchJournal} right after the provider accepts it, before the payload file is deleted or
 * anything else happens</b>. On start, the journal is read first: items of journaled batches are
 * not submitted again, their batches are polled instead — so a run that crashed or was stopped
 * resumes where it was and never pays twice.
 *
 * <p>Each batch is polled at once, then after waits growing from
 * {@link BatchRunConfig#pollInitialDelay()} by {@link BatchRunConfig#pollMultiplier()} up to
 * {@link BatchRunConfig#pollMaxDelay()}, each spread by the jitter; waits run on the injected
 * {@link Scheduler} (virtual time in tests). Transient poll errors are retried with backoff up to
 * {@link BatchRunConfig#maxPollErrors()} in a row. Unknown provider statuses are logged and polled
 * again. When a batch ends, its results are streamed, mapped back to their items by custom id and
 * emitted as {@link WorkItemResult}s (completion order, not input order); items without a result
 * fail with the reason the batch's final state gives. Failed items whose kind is in
 * {@link BatchRunConfig#fallbackKinds()} are sent through the realtime fallback processor when one
 * is set, as are items the batch path cannot take (strategy not batchable, no provider for the
 * model); otherwise they end failed. Submission failures are not retried (a create that timed out
 * may still have created the batch).
 *
 * <p>Every item of the input gets exactly one result. Temporary payload and result files are
 * deleted whether the run completes, fails or is cancelled; cancelling the returned Flux stops
 * polling but leaves the submitted batches running at the provider (use {@link #cancelAll()}).
 *
 * @param <T> the strategies' output type
 * @param <C> the caller's context type
 */
public final class BatchJobRunner<T, C> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchJobRunner.class);

    private final List<BatchProvider> providers;
    private final BatchJournal journal;
    private final BatchRunConfig config;
    private final Scheduler scheduler;
    private final @Nullable ParallelBatchProcessor<T, C> fallback;
    private final PollBackoff backoff;
    private final RunOutputs outputs;
    private final Map<String, BatchHandle> active = new ConcurrentHashMap<>();

    private BatchJobRunner(Builder<T, C> b) {
        this.providers = List.copyOf(b.providers);
        this.journal = b.journal;
        this.config = b.config;
        this.scheduler = b.scheduler;
        this.fallback = b.fallback;
        this.backoff = new PollBackoff(config.pollInitialDelay(), config.pollMaxDelay(), config.pollMultiplier(),
                config.pollJitter(), () -> ThreadLocalRandom.current().nextDouble());
        this.outputs = new RunOutputs(config.outputDirectory());
    }

    /**
     * {@return a builder: in-memory journal, {@link BatchRunConfig#defaults()}, no fallback}
     * @param <T> the strategies' output type
     * @param <C> the items' context type
     */
    public static <T, C> Builder<T, C> builder() {
        return new Builder<>();
    }

    /**
     * Lazy: nothing is read, written or sent before subscription. See the class description.
     *
     * @param items the items; their strategies must be {@link BatchableStrategy}s
     * @return one result per item, as the batches end
     */
    public Flux<WorkItemResult<T, C>> run(Collection<? extends LLMWorkItem<T, C>> items) {
        List<LLMWorkItem<T, C>> input = List.copyOf(items);
        return journal.entries().collectList().flatMapMany(entries -> {
            RunPlan<T, C> plan = new RunPlan<>(input, entries, providers, fallback != null);
            List<LLMWorkItem<T, C>> retry = Collections.synchronizedList(new ArrayList<>(plan.fallback));
            Flux<WorkItemResult<T, C>> batches = Flux.merge(
                    Flux.fromIterable(plan.failed),
                    Flux.fromIterable(plan.resumed).flatMap(entry -> track(plan, entry)),
                    Flux.fromIterable(plan.groups.values()).concatMap(group -> submit(plan, group))
                            .flatMap(result -> result));
            return batches
                    .filter(r -> {
                        if (fallback != null && !r.success() && config.fallbackKinds().contains(r.errorKind())) {
                            retry.add(plan.items.get(r.itemId()));
                            return false;
                        }
                        return true;
                    })
                    .concatWith(Flux.defer(() -> retry.isEmpty() || fallback == null ? Flux.empty()
                            : fallback.process(Flux.fromIterable(List.copyOf(retry)))));
        });
    }

    /**
     * Asks the provider of every batch this runner is polling to cancel it; completes when all were asked.
     *
     * @return a {@code Mono} completing when every cancel was sent
     */
    public Mono<Void> cancelAll() {
        return Flux.fromIterable(List.copyOf(active.values()))
                .flatMap(h -> provider(h.provider()).cancel(h)
                        .doOnNext(s -> LOG.info("cancel requested for {}: {}", h.batchId(), s.status())))
                .then();
    }

    /** Writes, submits and journals the chunks of one model; each journaled batch becomes its results. */
    private Flux<Flux<WorkItemResult<T, C>>> submit(RunPlan<T, C> plan, RunPlan.Group<T, C> group) {
        Flux<BatchRequest> requests = Flux.fromIterable(group.members)
                .map(m -> new BatchRequest(m.customId(), m.request()));
        return group.provider.preparePayloads(group.model, BatchMode.CHAT, requests)
                .concatMap(prepared -> Mono.using(() -> prepared, p -> submitOne(plan, group, p), PreparedBatch::close))
                .doOnDiscard(PreparedBatch.class, PreparedBatch::close);
    }

    private Mono<Flux<WorkItemResult<T, C>>> submitOne(RunPlan<T, C> plan, RunPlan.Group<T, C> group, PreparedBatch p) {
        Flux<WorkItemResult<T, C>> rejected = Flux.fromIterable(p.rejected().entrySet()).map(e -> ItemResults.failed(
                plan.byCustomId(e.getKey()), ErrorInfo.of(ErrorKind.PERMANENT, e.getValue()), 0, Duration.ZERO));
        if (p.requestCount() == 0) {
            return Mono.just(rejected);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        p.customIds().forEach(id -> ids.put(id, plan.byCustomId(id).itemId()));
        return group.provider.submit(p)
                .flatMap(handle -> journal.record(new JournalEntry(handle, ids)).thenReturn(new JournalEntry(handle, ids)))
                .map(entry -> rejected.concatWith(track(plan, entry)))
                .onErrorResume(e -> Mono.just(rejected.concatWith(Flux.fromIterable(p.customIds())
                        .map(id -> ItemResults.failed(plan.byCustomId(id), ItemResults.classify(e), 0, Duration.ZERO)))));
    }

    /** Polls one journaled batch to its end, then maps its results to the run's items. */
    private Flux<WorkItemResult<T, C>> track(RunPlan<T, C> plan, JournalEntry entry) {
        BatchHandle h = entry.handle();
        BatchProvider provider = provider(h.provider());
        List<LLMWorkItem<T, C>> members = entry.itemIds().values().stream().filter(plan.items::containsKey)
                .map(plan.items::get).toList();
        return Mono.fromRunnable(() -> active.put(h.batchId(), h))
                .then(poll(provider, h, 0))
                .timeout(config.pollTimeout(), scheduler)
                .flatMapMany(last -> results(plan, provider, entry, last))
                .onErrorResume(e -> Flux.fromIterable(members).map(item -> ItemResults.failed(item,
                        stillRunning(h, e), 0, since(h))))
                .doFinally(s -> active.remove(h.batchId()));
    }

    private ErrorInfo stillRunning(BatchHandle h, Throwable e) {
        if (e instanceof TimeoutException) {
            return ErrorInfo.of(ErrorKind.TRANSIENT, "batch " + h.batchId() + " still running after "
                    + config.pollTimeout() + "; its id is journaled: run again to resume");
        }
        ErrorInfo cause = ItemResults.classify(e);
        return new ErrorInfo(cause.kind(), "batch " + h.batchId() + " could not be followed to its end (its id is "
                + "journaled: run again to resume): " + cause.message(), cause.errorType(), cause.retryAfter(), e);
    }

    private Mono<BatchSnapshot> poll(BatchProvider provider, BatchHandle h, int n) {
        return provider.pollStatus(h)
                .retryWhen(Retry.backoff(config.maxPollErrors(), config.pollInitialDelay())
                        .maxBackoff(config.pollMaxDelay()).jitter(config.pollJitter()).scheduler(scheduler)
                        .filter(e -> e instanceof LLMException l && l.kind() != ErrorKind.PERMANENT)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .flatMap(s -> {
                    if (s.status() == BatchStatus.UNKNOWN) {
                        LOG.warn("batch {} of {}: unknown status '{}', polling again (add it to the status mapping)",
                                h.batchId(), h.provider(), s.providerStatus());
                    }
                    return s.isTerminal() ? Mono.just(s)
                            : Mono.delay(backoff.delay(n), scheduler).then(Mono.defer(() -> poll(provider, h, n + 1)));
                });
    }

    private Flux<WorkItemResult<T, C>> results(RunPlan<T, C> plan, BatchProvider provider, JournalEntry entry,
            BatchSnapshot last) {
        Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        return Flux.using(() -> outputs.raw(provider.name(), last.batchId()),
                raw -> provider.fetchResults(entry.handle(), last)
                        .publishOn(Schedulers.boundedElastic())
                        .doOnNext(r -> raw.line(r.rawLine()))
                        .filter(r -> entry.itemIds().containsKey(r.customId())
                                && plan.items.containsKey(entry.itemIds().get(r.customId()))
                                && seen.add(r.customId()))
                        .map(r -> {
                            LLMWorkItem<T, C> item = plan.items.get(entry.itemIds().get(r.customId()));
                            WorkItemResult<T, C> result = ItemResults.of(item, r,
                                    ((BatchableStrategy<T>) item.strategy())::output, since(entry.handle()));
                            outputs.item(result);
                            return result;
                        })
                        .onErrorResume(e -> Flux.fromIterable(entry.itemIds().entrySet())
                                .filter(id -> plan.items.containsKey(id.getValue()) && seen.add(id.getKey()))
                                .map(id -> ItemResults.failed(plan.items.get(id.getValue()), stillRunning(entry.handle(),
                                        e), 0, since(entry.handle()))))
                        .concatWith(Flux.defer(() -> Flux.fromIterable(entry.itemIds().entrySet())
                                .filter(id -> plan.items.containsKey(id.getValue()) && !seen.contains(id.getKey()))
                                .map(id -> ItemResults.missing(plan.items.get(id.getValue()), last,
                                        since(entry.handle()))))),
                RunOutputs.RawWriter::close);
    }

    private Duration since(BatchHandle h) {
        Duration d = Duration.between(h.submittedAt(), config.clock().instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private BatchProvider provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no batch provider named " + name));
    }

    /** Builds a {@link BatchJobRunner}. */
    public static final class Builder<T, C> {
        private final List<BatchProvider> providers = new ArrayList<>();
        private BatchJournal journal = BatchJournal.inMemory();
        private BatchRunConfig config = BatchRunConfig.defaults();
        private Scheduler scheduler = Schedulers.parallel();
        private @Nullable ParallelBatchProcessor<T, C> fallback;

        private Builder() {}

        /**
         * Providers in order of preference: a model goes to the first that supports it.
         *
         * @param provider the providers
         * @return this builder
         */
        public Builder<T, C> provider(BatchProvider... provider) {
            providers.addAll(List.of(provider));
            return this;
        }

        /**
         * Where submitted batch ids are recorded; default in memory (use {@link BatchJournal#file} to survive a
         * crash).
         *
         * @param journal the journal
         * @return this builder
         */
        public Builder<T, C> journal(BatchJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /**
         * How the runner polls, where it keeps results, what goes to the fallback (default {@link
         * BatchRunConfig#defaults()}).
         *
         * @param config the settings
         * @return this builder
         */
        public Builder<T, C> config(BatchRunConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Where poll waits run; default {@link Schedulers#parallel()}.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder<T, C> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * The realtime processor for items the batch path could not finish (see {@link
         * BatchRunConfig#fallbackKinds()}).
         *
         * @param fallback the processor, or {@code null} for none
         * @return this builder
         */
        public Builder<T, C> fallback(@Nullable ParallelBatchProcessor<T, C> fallback) {
            this.fallback = fallback;
            return this;
        }

        /**
         * @return the runner
         * @throws IllegalArgumentException when no provider is set or two share a name
         */
        public BatchJobRunner<T, C> build() {
            Set<String> names = new HashSet<>();
            for (BatchProvider p : providers) {
                if (!names.add(p.name())) {
                    throw new IllegalArgumentException("BatchJobRunner.providers: two providers are named '" + p.name()
                            + "'");
                }
            }
            if (providers.isEmpty()) {
                throw new IllegalArgumentException("BatchJobRunner.providers must not be empty");
            }
            return new BatchJobRunner<>(this);
        }
    }
}
