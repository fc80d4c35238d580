package io.llmbatch4j.core;

/**
 * What kind of failure an error is; decides whether and how an item is retried
 * ({@link RetryConfig#retryOn()}).
 */
public enum ErrorKind {
    /** The provider said "too many requests": starts a coordinated cooldown; waits don't use attempts. */
    RATE_LIMIT,
    /** A server error, an overload, a dropped connection: worth retrying after a backoff. */
    TRANSIENT,
    /** The attempt ran past its timeout and was cancelled. */
    TIMEOUT,
    /** The model answered, but the answer failed parsing or validation: retried at once. */
    VALIDATION,
    /** The model cannot do what was asked (an unsupported parameter or role, context overflow). */
    MODEL_LIMITATION,
    /** Retrying cannot help: bad request, authentication, missing model, a broken strategy. */
    PERMANENT,
    /** The run was cancelled (or the processor closed) before the item ended. */
    CANCELLED,
    /**
     * The item ran past {@link ProcessorConfig#totalTimeoutPerItem()} (admission, cooldowns,
     * attempts and backoff together); never retried.
     */
    ITEM_DEADLINE_EXCEEDED,
    /** The run's deadline ({@link GuardrailConfig#batchDeadline()}) passed before the item ended. */
    BATCH_DEADLINE_EXCEEDED,
    /** The run was aborted by fail-fast ({@link GuardrailConfig}) before the item ended. */
    ABORTED,
    /** A call pool refused the call: too many pending calls, or no worker within the submit timeout. */
    REJECTED,
    /**
     * A spending budget was used up before the item started (e.g. a budget-guard middleware); the
     * item was not sent to the model. Never retried.
     */
    BUDGET_EXCEEDED
}
