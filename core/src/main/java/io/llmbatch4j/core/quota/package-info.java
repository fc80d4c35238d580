/**
 * The quota state several processors (or JVMs) may share: request and token budgets, provider
 * windows reported exhausted, limits learned from quota headers, and cooldowns.
 *
 * <p>A {@link io.llmbatch4j.core.quota.QuotaStore} set on
 * {@link io.llmbatch4j.core.RateLimitConfig.Builder#quotaStore} opens one
 * {@link io.llmbatch4j.core.quota.QuotaLedger} per processor; without one, each processor keeps its
 * budgets in memory ({@link io.llmbatch4j.core.quota.LocalQuotaLedger}). The {@code llmbatch4j-redis}
 * module shares them across JVMs.
 */
@NullMarked
package io.llmbatch4j.core.quota;

import org.jspecify.annotations.NullMarked;
