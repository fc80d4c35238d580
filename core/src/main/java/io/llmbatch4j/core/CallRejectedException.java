package io.llmbatch4j.core;

/**
 * An {@link LLMCallPool} refused a call without calling the model: too many calls pending, no
 * worker free within the submit timeout, or the pool is closed.
 */
public class CallRejectedException extends RuntimeException {

    /**
     * A refused call.
     *
     * @param message why: too many pending calls, or no worker within the submit timeout
     */
    public CallRejectedException(String message) {
        super(message);
    }
}
