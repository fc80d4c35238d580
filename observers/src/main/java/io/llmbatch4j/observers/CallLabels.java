package io.llmbatch4j.observers;

import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ProcessingEvent.AttemptEnded;

/**
 * Where the {@code gen_ai.*} labels of a call come from: the provider is the strategy's
 * {@link CallTarget} (else the quota snapshot's provider); the request model is the target's
 * model (else the model that answered); the response model is {@link AttemptEnded#model()}.
 * Anything unknown is {@link MetricNames#UNKNOWN}.
 */
final class CallLabels {

    private CallLabels() {}

    static String provider(AttemptEnded e) {
        String p = e.provider();
        return p == null ? MetricNames.UNKNOWN : p;
    }

    static String requestModel(AttemptEnded e) {
        CallTarget t = e.target();
        if (t != null) {
            return t.model();
        }
        return e.model() == null ? MetricNames.UNKNOWN : e.model();
    }

    static String responseModel(AttemptEnded e) {
        return e.model() == null ? MetricNames.NONE : e.model();
    }

    static String operation(AttemptEnded e) {
        CallTarget t = e.target();
        return t == null ? MetricNames.DEFAULT_OPERATION : t.operation();
    }
}
