package io.llmbatch4j.middleware;

/** When {@link JournalMiddleware} forces its writes to the storage device. */
public enum FsyncPolicy {
    /**
     * After every entry, before the item is reported done: an entry survives a power loss as soon
     * as its item has ended. The default; costs one {@code fsync} per item.
     */
    ALWAYS,
    /** After every {@code fsyncEvery} entries and on close: a power loss may lose the last few. */
    EVERY_N,
    /**
     * Never (the operating system writes when it likes; close still flushes). An entry written
     * survives a crash of the JVM (kill -9), not of the machine.
     */
    NEVER
}
