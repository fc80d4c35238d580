package io.llmbatch4j.providers.batch;

/**
 * What kind of requests a batch holds (seed 004). Every provider here implements {@link #CHAT};
 * a provider asked for a mode it does not implement refuses it with a
 * {@link io.llmbatch4j.core.PermanentProviderException} before anything is uploaded.
 */
public enum BatchMode {
    /** Chat completions / messages / generateContent: one {@link io.llmbatch4j.providers.ChatRequest} per item. */
    CHAT,
    /** Legacy text completions. */
    COMPLETION,
    /** Embeddings. */
    EMBEDDING,
    /** Anything else a custom provider defines. */
    CUSTOM
}
