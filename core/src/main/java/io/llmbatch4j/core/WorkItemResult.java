package io.llmbatch4j.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one item ended.
 *
 * @param itemId the item's id
 * @param success true when the strategy (or a middleware) produced an output
 * @param output the output on success, else {@code null}
 * @param error the classified error on failure, else {@code null}
 * @param usage tokens spent by every attempt of this item, failed ones included
 * @param attempts calls made to the strategy (rate-limit retries included); 0 when the item was
 *     answered by middleware or failed before a call
 * @param duration from the item's start to its end, waits included
 * @param model the model that produced the answer, when known
 * @param context the caller's context from the work item
 * @param admissionWait time the item's attempts spent waiting for admission: an admission scope's
 *     permit and a worker (cooldowns included); never counted in an attempt's timeout
 */
public record WorkItemResult<T, C>(String itemId, boolean success, @Nullable T output, @Nullable ErrorInfo error,
        TokenUsage usage, int attempts, Duration duration, @Nullable String model, @Nullable C context,
        Duration admissionWait) {

    /**
     * Checks that the error is present exactly on failure.
     *
     * @param itemId the item's id
     * @param success whether it produced an output
     * @param output the output, or {@code null}
     * @param error the error on failure, else {@code null}
     * @param usage tokens spent by every attempt
     * @param attempts calls made to the strategy
     * @param duration from the item's start to its end
     * @param model the model that answered, or {@code null}
     * @param context the caller's context, or {@code null}
     * @param admissionWait time spent waiting for admission
     * @throws IllegalArgumentException when {@code success} and {@code error} disagree
     */
    public WorkItemResult {
        Objects.requireNonNull(itemId, "WorkItemResult.itemId");
        Objects.requireNonNull(usage, "WorkItemResult.usage");
        Objects.requireNonNull(duration, "WorkItemResult.duration");
        Objects.requireNonNull(admissionWait, "WorkItemResult.admissionWait");
        if (success == (error != null)) {
            throw new IllegalArgumentException("WorkItemResult.error must be null exactly when success is true"
                    + " (itemId='" + itemId + "')");
        }
    }

    /**
     * A result without admission wait.
     *
     * @param itemId the item's id
     * @param success whether it produced an output
     * @param output the output, or {@code null}
     * @param error the error on failure, else {@code null}
     * @param usage tokens spent by every attempt
     * @param attempts calls made to the strategy
     * @param duration from the item's start to its end
     * @param model the model that answered, or {@code null}
     * @param context the caller's context, or {@code null}
     */
    public WorkItemResult(String itemId, boolean success, @Nullable T output, @Nullable ErrorInfo error,
            TokenUsage usage, int attempts, Duration duration, @Nullable String model, @Nullable C context) {
        this(itemId, success, output, error, usage, attempts, duration, model, context, Duration.ZERO);
    }

    /**
     * This result with {@code wait} as its admission wait.
     *
     * @param wait the admission wait
     * @return the copy
     */
    public WorkItemResult<T, C> withAdmissionWait(Duration wait) {
        return new WorkItemResult<>(itemId, success, output, error, usage, attempts, duration, model, context, wait);
    }

    /**
     * A success.
     *
     * @param itemId the item's id
     * @param output the output
     * @param usage tokens spent by every attempt
     * @param attempts calls made to the strategy
     * @param duration from the item's start to its end
     * @param model the model that answered, or {@code null}
     * @param context the caller's context, or {@code null}
     * @param <T> the output type
     * @param <C> the context type
     * @return the result
     */
    public static <T, C> WorkItemResult<T, C> success(String itemId, @Nullable T output, TokenUsage usage,
            int attempts, Duration duration, @Nullable String model, @Nullable C context) {
        return new WorkItemResult<>(itemId, true, output, null, usage, attempts, duration, model, context);
    }

    /**
     * A failure.
     *
     * @param itemId the item's id
     * @param error why it failed
     * @param usage tokens spent by every attempt
     * @param attempts calls made to the strategy
     * @param duration from the item's start to its end
     * @param context the caller's context, or {@code null}
     * @param <T> the output type
     * @param <C> the context type
     * @return the result
     */
    public static <T, C> WorkItemResult<T, C> failure(String itemId, ErrorInfo error, TokenUsage usage,
            int attempts, Duration duration, @Nullable C context) {
        return new WorkItemResult<>(itemId, false, null, error, usage, attempts, duration, null, context);
    }

    /** {@return the error's kind, or {@code null} on success} */
    public @Nullable ErrorKind errorKind() {
        return error == null ? null : error.kind();
    }
}
