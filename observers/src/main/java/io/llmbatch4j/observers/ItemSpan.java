package io.llmbatch4j.observers;

import static io.llmbatch4j.observers.MetricNames.*;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.TokenUsage;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Starts and completes the {@link MetricNames#ITEM} observation of one item or pool call. The outcome keys are
 * written once, at the end (every end writes all three, so meters made from it keep one tag set).
 */
final class ItemSpan {

    private ItemSpan() {}

    static Observation start(GenAiTracing tracing, @Nullable Observation parent, @Nullable String itemId) {
        Observation o = Observation.createNotStarted(ITEM, tracing.registry());
        if (o.isNoop()) {
            return o;
        }
        o.contextualName(ITEM).parentObservation(parent);
        if (itemId != null) {
            o.highCardinalityKeyValue(ITEM_ID, itemId);
        }
        return o.start();
    }

    static void succeeded(Observation o, TokenUsage usage) {
        o.lowCardinalityKeyValue(OUTCOME, OUTCOME_SUCCESS).lowCardinalityKeyValue(ERROR_KIND, NONE)
                .lowCardinalityKeyValue(ERROR_TYPE, NONE);
        usage(o, usage);
    }

    static void failed(Observation o, @Nullable ErrorInfo error, @Nullable Throwable thrown) {
        o.lowCardinalityKeyValue(OUTCOME, OUTCOME_FAILURE)
                .lowCardinalityKeyValue(ERROR_KIND, error == null ? UNKNOWN : error.kind().name())
                .lowCardinalityKeyValue(ERROR_TYPE, error != null ? error.errorType()
                        : thrown != null ? thrown.getClass().getSimpleName() : UNKNOWN);
        Throwable cause = error != null && error.cause() != null ? error.cause() : thrown;
        if (cause != null) {
            o.error(cause);
        }
    }

    static void cancelled(Observation o) {
        o.lowCardinalityKeyValue(OUTCOME, OUTCOME_FAILURE).lowCardinalityKeyValue(ERROR_KIND, ErrorKind.CANCELLED.name())
                .lowCardinalityKeyValue(ERROR_TYPE, CANCELLED);
    }

    static void attempts(Observation o, int attempts) {
        o.highCardinalityKeyValue(ATTEMPTS, Integer.toString(attempts));
    }

    /** The GenAI token attributes, when the call reported tokens. */
    static void usage(Observation o, TokenUsage usage) {
        if (!usage.isZero()) {
            o.highCardinalityKeyValue(USAGE_INPUT_TOKENS, Long.toString(usage.inputTokens()))
                    .highCardinalityKeyValue(USAGE_OUTPUT_TOKENS, Long.toString(usage.outputTokens()));
        }
    }
}
