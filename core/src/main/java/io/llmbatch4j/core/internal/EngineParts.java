package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * The collaborators an engine's items share, built once, in dependency order, by {@link #create}:
 * gate → cooldown → worker limit → AIMD → call feedback → attempt ledger. Each part is given
 * exactly what it uses; items take this one record (one field per item, not fifteen). No part
 * refers back to the engine.
 *
 * @param scopes the admission scopes' gates, or null when the config has none
 * @param budget the RPM/TPM budget, or null when none is configured (or in a dry run)
 * @param itemDeadlineNanos {@code totalTimeoutPerItem} in nanoseconds; 0 for none
 */
record EngineParts(ProcessorConfig config, EngineClock clock, EventDispatcher events, EngineStats stats,
        HookCalls hooks, PermitGate gate, WorkerLimit workerLimit, @Nullable ScopeGates scopes, Cooldown cooldown,
        @Nullable QuotaBudget budget, AttemptLedger ledger, ItemEnds ends, Classifier classifier,
        RetryPolicy retry, AttemptTimeouts timeouts, long itemDeadlineNanos) {

    static EngineParts create(ProcessorConfig config, List<ProcessingObserver> observers, ErrorClassifier classifier,
            EngineClock clock, Scheduler eventScheduler) {
        EngineStats stats = new EngineStats();
        EventDispatcher events = new EventDispatcher(observers, config.observerBufferSize(), eventScheduler);
        PermitGate gate = new PermitGate(config.maxWorkers());
        Cooldown cooldown = new Cooldown(gate, config.rateLimit(), clock, events);
        WorkerLimit limit = new WorkerLimit(gate, config.workerCeiling(), clock, events);
        Aimd aimd = config.adaptiveConcurrency() == null ? null : new Aimd(config.adaptiveConcurrency(), limit);
        QuotaBudget budget = QuotaBudget.wanted(config.rateLimit()) && !config.dryRun()
                ? new QuotaBudget(config.rateLimit(), clock, cooldown) : null;
        CallFeedback feedback = new CallFeedback(cooldown, budget, aimd, stats);
        AttemptTimeouts timeouts = new AttemptTimeouts(config.timeoutPerItem(), config.adaptiveTimeout());
        Classifier classify = new Classifier(classifier);
        AttemptLedger ledger = new AttemptLedger(clock, events, budget, feedback, timeouts);
        RetryPolicy retry = new RetryPolicy(config.retry(), config.rateLimit().cooldown(), cooldown::cap,
                () -> ThreadLocalRandom.current().nextDouble());
        Duration deadline = config.totalTimeoutPerItem();
        return new EngineParts(config, clock, events, stats, new HookCalls(config.hookTimeout(), clock.scheduler()),
                gate, limit, ScopeGates.wanted(config) ? new ScopeGates(config) : null, cooldown, budget, ledger,
                new ItemEnds(stats, events, clock, config.guardrails()), classify, retry, timeouts,
                deadline == null ? 0 : deadline.toNanos());
    }

    boolean dryRun() {
        return config.dryRun();
    }

    /**
     * The timeout of attempt {@code number}, read when its call is granted: the adaptive cut while
     * the item has attempts left after it (a timeout is retried), else {@code timeoutPerItem}.
     */
    LongSupplier attemptTimeout(int number) {
        RetryConfig r = config.retry();
        return timeouts.forAttempt(number >= r.maxAttempts() || !r.retryOn().contains(ErrorKind.TIMEOUT));
    }
}
