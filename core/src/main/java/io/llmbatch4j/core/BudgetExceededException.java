package io.llmbatch4j.core;

/**
 * A spending budget was used up, so the call was not made ({@link ErrorKind#BUDGET_EXCEEDED});
 * thrown by budget guards before calling the model. Not worth retrying.
 */
public class BudgetExceededException extends LLMException {

    public BudgetExceededException(String message) {
        super(message, null, TokenUsage.ZERO);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.BUDGET_EXCEEDED;
    }
}
