package io.llmbatch4j.core;

/** How a run ended, as {@link BatchResult#outcome()} says. */
public enum RunOutcome {
    /** Every item was processed to its own end. */
    COMPLETED,
    /** The batch deadline passed; items not finished by then ended as {@link ErrorKind#BATCH_DEADLINE_EXCEEDED}. */
    DEADLINE,
    /** Fail-fast aborted the run; items not finished by then ended as {@link ErrorKind#ABORTED}. */
    ABORTED,
    /** The run was cancelled or its processor closed. */
    CANCELLED
}
