/**
 * {@link io.llmbatch4j.core.Middleware} implementations: a crash-safe JSONL
 * {@link io.llmbatch4j.middleware.JournalMiddleware}, a bounded
 * {@link io.llmbatch4j.middleware.ResponseCacheMiddleware}, a
 * {@link io.llmbatch4j.middleware.BudgetGuardMiddleware} and a
 * {@link io.llmbatch4j.middleware.LoggingMiddleware}.
 *
 * <p>Order matters ({@code beforeProcess} runs in registration order, {@code afterProcess} in
 * reverse): register the journal first, so its answers skip everything else and every result,
 * whatever produced it, is journaled last before the item is reported done.
 */
@NullMarked
package io.llmbatch4j.middleware;

import org.jspecify.annotations.NullMarked;
