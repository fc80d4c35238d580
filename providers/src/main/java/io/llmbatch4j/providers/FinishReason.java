package io.llmbatch4j.providers;

/** Why the model stopped, normalised across providers; the provider's own word is kept beside it. */
public enum FinishReason {
    /** A natural end or a stop sequence. */
    STOP,
    /** The output token cap was reached; the answer may be cut short. */
    LENGTH,
    /** The provider filtered the output or the model refused. */
    CONTENT_FILTER,
    /** Anything else (tool calls, unknown values). */
    OTHER
}
