/**
 * The llmbatch4j engine: {@link io.llmbatch4j.core.ParallelBatchProcessor} runs
 * {@link io.llmbatch4j.core.LLMWorkItem}s through {@link io.llmbatch4j.core.LLMCallStrategy}s with
 * bounded, live-adjustable concurrency, per-attempt timeouts, classified errors, retries with
 * backoff, a coordinated rate-limit cooldown, middleware hooks and observer events.
 *
 * <p>This package holds the public API only; the moving parts live in {@code internal} and may
 * change without notice.
 */
@NullMarked
package io.llmbatch4j.core;

import org.jspecify.annotations.NullMarked;
