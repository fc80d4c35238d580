package io.llmbatch4j.core;

/**
 * A spending budget was used up, so the call was not made ({@link ErrorKind#BUDGET_EXCEEDED});
 * thrown by budget guards before calling the model. Not worth retrying.
 */
public class BudgetExceededException extends LLMException {

    /**
     * A budget stop.
     *
     * @param message which budget, its limit and what was spent
     */
    public BudgetExceededException(String message) {
        super(message, null, TokenUsage.ZERO);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.BUDGET_EXCEEDED;
    }
}
