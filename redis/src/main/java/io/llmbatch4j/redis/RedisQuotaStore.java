package io.llmbatch4j.redis;

import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.quota.QuotaKey;
import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import io.llmbatch4j.core.quota.QuotaStore;
import io.llmbatch4j.redis.internal.QuotaCounters;
import io.llmbatch4j.redis.internal.SharedQuota;
import java.time.Duration;

/**
 * A {@link QuotaStore} shared by every JVM that opens the same Redis and {@link QuotaKey}: request
 * and token budgets, provider windows reported exhausted, limits learned from quota headers (kept
 * 10 minutes) and cooldowns. Set it with {@code RateLimitConfig.builder().quotaStore(store)}.
 *
 * <p>How: the budgets are two GCRA schedules in one Redis hash, moved by one Lua script using
 * Redis's clock. Each processor leases blocks of {@code blockTime} worth of the rate (one round
 * trip per block, carrying its corrections), so Redis sees far fewer calls than the provider.
 * A block is a slot of the shared schedule and is spent only within it, paced at the quota's rate:
 * what a JVM leaves unused in its slot (late timers, a hold) is forfeited, never spent in the slot
 * that follows, which belongs to another JVM.
 * A cooldown started by one JVM is published on a channel and starts in the others. Keys hold the
 * provider, the bucket and the API key's fingerprint, never the key.
 *
 * <p>Faults: a Redis call failing or slower than {@code commandTimeout} switches the processor to a
 * local share (the quota divided by {@code expectedReplicas}) with a warning and a
 * {@link #fallbacks() counter}, and never stops or loses an item; every {@code retryInterval} it
 * tries Redis again and resumes sharing. A JVM that dies holds at most its current blocks, which
 * the others do not wait for: the schedules move on at the full rate.
 *
 * <p>Thread-safe; nothing blocks but {@link #close()} (bounded). Connects on first use.
 */
public final class RedisQuotaStore implements QuotaStore, AutoCloseable {

    /** The default share of the rate one lease holds: 100 ms. */
    public static final Duration DEFAULT_BLOCK_TIME = Duration.ofMillis(100);
    /** The default longest time a block stays usable after its start (its slot is usually shorter): 1 s. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(1);
    /** The default bound on one Redis call: 1 s (a busy JVM's GC pause or CPU starvation must not look like an outage). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** The default interval between tries to reach Redis again: 1 s. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
    /** How far ahead a lease may be booked: 2 s. */
    public static final Duration MAX_AHEAD = Duration.ofSeconds(2);

    private final SharedQuota shared;

    private RedisQuotaStore(SharedQuota shared) {
        this.shared = shared;
    }

    /**
     * A builder for the store at {@code redisUri} sharing {@code key}'s quota.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}
     * @param key the provider, bucket and API-key fingerprint
     * @return the builder
     */
    public static Builder builder(String redisUri, QuotaKey key) {
        return new Builder(redisUri, key);
    }

    @Override
    public QuotaLedger open(QuotaLimits configured, QuotaSignals signals, long nowNanos) {
        return shared.open(configured, signals, nowNanos);
    }

    /** {@return {@link QuotaMode#SHARED}, or {@link QuotaMode#FALLBACK} while a processor uses its local share} */
    public QuotaMode mode() {
        return shared.mode();
    }

    /** {@return Redis round trips made for leases} */
    public long redisCalls() {
        return counters().leaseCalls();
    }

    /** {@return reservations granted from leases} */
    public long sharedReservations() {
        return counters().reservations();
    }

    /** {@return times a processor fell back to its local share} */
    public long fallbacks() {
        return counters().fallbacks();
    }

    /** {@return Redis calls that failed or timed out} */
    public long failedCalls() {
        return counters().failedCalls();
    }

    /** {@return cooldowns announced to other JVMs} */
    public long cooldownsSent() {
        return counters().cooldownsSent();
    }

    /** {@return cooldowns received from other JVMs} */
    public long cooldownsReceived() {
        return counters().cooldownsReceived();
    }

    /** {@return whether the cooldown channel is subscribed (cooldowns from other JVMs arrive)} */
    public boolean listening() {
        return shared.listening();
    }

    private QuotaCounters counters() {
        return shared.counters();
    }

    /** Returns the unused leases, closes the connections; waits at most 2 s. Idempotent. */
    @Override
    public void close() {
        shared.close(Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "RedisQuotaStore[" + shared.settings().key().id() + ", " + mode() + "]";
    }

    /** Builds a {@link RedisQuotaStore}; {@link #build()} names every bad field. */
    public static final class Builder {
        private final String redisUri;
        private final QuotaKey key;
        private int expectedReplicas = 1;
        private Duration blockTime = DEFAULT_BLOCK_TIME;
        private Duration leaseTime = DEFAULT_LEASE_TIME;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;

        private Builder(String redisUri, QuotaKey key) {
            this.redisUri = redisUri;
            this.key = key;
        }

        /**
         * How many JVMs share the quota (default 1): while Redis is unreachable each uses this share of it.
         *
         * @param expectedReplicas at least 1
         * @return this builder
         */
        public Builder expectedReplicas(int expectedReplicas) {
            this.expectedReplicas = expectedReplicas;
            return this;
        }

        /**
         * How much of the quota's rate one lease holds (default 100 ms): larger blocks, fewer Redis calls, bigger bursts.
         *
         * @param blockTime positive
         * @return this builder
         */
        public Builder blockTime(Duration blockTime) {
            this.blockTime = blockTime;
            return this;
        }

        /**
         * The longest a block stays usable after its start (default 1 s); its slot in the schedule
         * (its share of the rate, {@code blockTime}) usually ends it sooner.
         *
         * @param leaseTime positive
         * @return this builder
         */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
            return this;
        }

        /**
         * The longest a Redis call may take before the processor falls back to its local share (default 1 s).
         *
         * @param commandTimeout positive
         * @return this builder
         */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * How often a fallen-back processor tries Redis again (default 1 s).
         *
         * @param retryInterval positive
         * @return this builder
         */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        /**
         * @return the store (not yet connected)
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field
         */
        public RedisQuotaStore build() {
            new ConfigChecks("RedisQuotaStore")
                    .check(redisUri != null && (redisUri.startsWith("redis://") || redisUri.startsWith("rediss://")),
                            "redisUri", "must start with redis:// or rediss://", redisUri == null ? null : redact(redisUri))
                    .check(key != null, "key", "must not be null", key)
                    .check(expectedReplicas >= 1, "expectedReplicas", "must be >= 1", expectedReplicas)
                    .check(positive(blockTime), "blockTime", "must be positive", blockTime)
                    .check(positive(leaseTime), "leaseTime", "must be positive", leaseTime)
                    .check(positive(commandTimeout), "commandTimeout", "must be positive", commandTimeout)
                    .check(positive(retryInterval), "retryInterval", "must be positive", retryInterval)
                    .throwIfAny();
            return new RedisQuotaStore(new SharedQuota(new SharedQuota.Settings(redisUri, key, expectedReplicas,
                    blockTime, leaseTime, commandTimeout, retryInterval, MAX_AHEAD)));
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

        /** {@code uri} without a password ({@code redis://user:secret@host} shows {@code redis://***@host}). */
        static String redact(String uri) {
            int at = uri.lastIndexOf('@');
            int scheme = uri.indexOf("://");
            return at > 0 && scheme > 0 && at > scheme ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
        }
    }
}
