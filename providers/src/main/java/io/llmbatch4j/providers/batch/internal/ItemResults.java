package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.batch.BatchItemResult;
import io.llmbatch4j.providers.batch.BatchSnapshot;
import io.llmbatch4j.providers.batch.BatchStatus;
import java.time.Duration;
import java.util.function.Function;

/**
 * Turns a batch's per-request outcome into the processor's {@link WorkItemResult} (seed 000's tiered
 * handling: each item keeps its own success or failure; one failed request never fails the rest).
 * Exceptions are classified by core's default {@link ErrorClassifier}; an expired request is
 * {@link ErrorKind#TRANSIENT} (it never ran), a cancelled one {@link ErrorKind#CANCELLED}.
 */
public final class ItemResults {

    private static final ErrorClassifier CLASSIFIER = ErrorClassifier.defaults();

    private ItemResults() {}

    /** @param output the strategy's conversion of the answer; may throw (validation) */
    public static <T, C> WorkItemResult<T, C> of(LLMWorkItem<T, C> item, BatchItemResult r,
            Function<ChatResponse, T> output, Duration duration) {
        return switch (r.outcome()) {
            case SUCCEEDED -> {
                ChatResponse answer = r.response();
                try {
                    yield WorkItemResult.success(item.itemId(), output.apply(answer), answer.usage(), 1, duration,
                            answer.model(), item.context());
                } catch (RuntimeException e) {
                    yield WorkItemResult.failure(item.itemId(), CLASSIFIER.classify(e), answer.usage(), 1, duration,
                            item.context());
                }
            }
            case ERRORED -> failed(item, r.error() != null ? CLASSIFIER.classify(r.error())
                    : ErrorInfo.of(ErrorKind.TRANSIENT, "the batch request errored without an error"), 1, duration);
            case EXPIRED -> failed(item, ErrorInfo.of(ErrorKind.TRANSIENT,
                    "the batch's window closed before this request ran (expired)"), 0, duration);
            case CANCELLED -> failed(item, ErrorInfo.of(ErrorKind.CANCELLED,
                    "the batch was cancelled before this request ran"), 0, duration);
        };
    }

    /** An item the provider reported nothing for, explained by the batch's final state. */
    public static <T, C> WorkItemResult<T, C> missing(LLMWorkItem<T, C> item, BatchSnapshot last, Duration duration) {
        String where = "batch " + last.batchId() + " ended " + last.status() + " (" + last.providerStatus() + ")";
        ErrorInfo error = switch (last.status()) {
            case CANCELLED -> ErrorInfo.of(ErrorKind.CANCELLED, where + " before this request ran");
            case EXPIRED -> ErrorInfo.of(ErrorKind.TRANSIENT, where + " before this request ran");
            case FAILED -> ErrorInfo.of(last.retryable() ? ErrorKind.TRANSIENT : ErrorKind.PERMANENT,
                    where + (last.error() != null ? ": " + last.error() : ""));
            default -> ErrorInfo.of(last.status() == BatchStatus.COMPLETED ? ErrorKind.PERMANENT : ErrorKind.TRANSIENT,
                    where + " without a result for this request");
        };
        return failed(item, error, 0, duration);
    }

    public static <T, C> WorkItemResult<T, C> failed(LLMWorkItem<T, C> item, ErrorInfo error, int attempts,
            Duration duration) {
        return WorkItemResult.failure(item.itemId(), error, TokenUsage.ZERO, attempts, duration, item.context());
    }

    public static ErrorInfo classify(Throwable e) {
        return CLASSIFIER.classify(e);
    }
}
