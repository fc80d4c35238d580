/**
 * Quota budgets, cooldowns and learned provider limits shared by several JVMs through Redis:
 * {@link io.llmbatch4j.redis.RedisQuotaStore}.
 */
@NullMarked
package io.llmbatch4j.redis;

import org.jspecify.annotations.NullMarked;
