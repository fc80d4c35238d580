package io.llmbatch4j.core;

/** Where the {@link PostProcessor} runs. */
public enum PostProcessMode {
    /** Before the item's terminal event and result: the item waits for it (bounded by its timeout). */
    INLINE,
    /**
     * After the item's result is out, on the processor's event scheduler: the worker's path never
     * waits for it; it still runs for every result and is still bounded by its timeout.
     */
    ASYNC
}
