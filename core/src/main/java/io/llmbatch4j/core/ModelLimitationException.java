package io.llmbatch4j.core;

import org.jspecify.annotations.Nullable;

/** The model cannot do what was asked: unsupported parameter or role, context window exceeded. */
public class ModelLimitationException extends LLMException {

    /**
     * A request the model refuses.
     *
     * @param message the provider's words
     */
    public ModelLimitationException(String message) {
        this(message, null);
    }

    /**
     * A request the model refuses.
     *
     * @param message the provider's words
     * @param cause the underlying exception, or {@code null}
     */
    public ModelLimitationException(String message, @Nullable Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.MODEL_LIMITATION;
    }
}
