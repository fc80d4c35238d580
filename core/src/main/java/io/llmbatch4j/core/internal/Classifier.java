package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The user's {@link ErrorClassifier}, falling back to the defaults when it throws or answers null. */
final class Classifier {

    private static final Logger LOG = LoggerFactory.getLogger(Classifier.class);

    private final ErrorClassifier classifier;

    Classifier(ErrorClassifier classifier) {
        this.classifier = classifier;
    }

    ErrorInfo classify(Throwable error) {
        try {
            ErrorInfo info = classifier.classify(error);
            if (info != null) {
                return info;
            }
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            LOG.warn("error classifier {} threw; using the default classification", classifier, e);
        }
        return ErrorClassifier.defaults().classify(error);
    }
}
