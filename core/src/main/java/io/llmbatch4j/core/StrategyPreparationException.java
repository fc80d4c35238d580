package io.llmbatch4j.core;

/** {@link LLMCallStrategy#prepare()} failed; every item of that strategy ends with this error. */
public class StrategyPreparationException extends LLMException {

    /**
     * A failed {@code prepare()}.
     *
     * @param message which strategy failed
     * @param cause the error of its {@code prepare()}
     */
    public StrategyPreparationException(String message, Throwable cause) {
        super(message, cause, TokenUsage.ZERO);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PERMANENT;
    }
}
