package io.llmbatch4j.testkit;

/** The provider wire format a request was addressed to, decided by its path. */
public enum Provider {
    /** {@code /v1/chat/completions} and other {@code /v1/...} paths except Anthropic's. */
    OPENAI,
    /** {@code /v1/messages...}. */
    ANTHROPIC,
    /** {@code /v1beta/...}. */
    GEMINI
}
