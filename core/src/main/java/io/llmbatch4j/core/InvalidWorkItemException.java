package io.llmbatch4j.core;

/** An item that cannot be processed as given, e.g. a duplicate id within a run. */
public class InvalidWorkItemException extends LLMException {

    /**
     * A refused item.
     *
     * @param message what is wrong with it
     */
    public InvalidWorkItemException(String message) {
        super(message, null, TokenUsage.ZERO);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PERMANENT;
    }
}
