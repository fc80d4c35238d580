package io.llmbatch4j.strategies.internal;

import io.llmbatch4j.core.ErrorClassifier;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.ValidationFailedException;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/** Error helpers shared by the strategies. */
public final class Errors {

    private Errors() {}

    /** The validation failure in {@code error}'s cause chain, or {@code null}. */
    public static @Nullable ValidationFailedException validationFailure(Throwable error) {
        int depth = 0;
        for (Throwable t = Exceptions.unwrap(error); t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof ValidationFailedException v) {
                return v;
            }
        }
        return null;
    }

    /** The kind {@code classifier} gives {@code error}; never throws. */
    public static ErrorKind kind(ErrorClassifier classifier, Throwable error) {
        try {
            return classifier.classify(error).kind();
        } catch (RuntimeException e) {
            return ErrorKind.PERMANENT;
        }
    }
}
