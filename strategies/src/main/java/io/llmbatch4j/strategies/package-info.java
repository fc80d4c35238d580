/**
 * {@link io.llmbatch4j.core.LLMCallStrategy} implementations over the provider clients.
 * Every strategy is stateless across items (per-item state lives in the
 * {@link io.llmbatch4j.core.Attempt}'s retry state), so one instance serves any number of
 * concurrent items.
 */
@NullMarked
package io.llmbatch4j.strategies;

import org.jspecify.annotations.NullMarked;
