package io.llmbatch4j.providers;

import io.llmbatch4j.core.ConfigChecks;
import java.time.Duration;

/**
 * The shared connection pool behind every client of one {@link HttpTransport}. Size
 * {@link #maxConnections()} to the concurrency you run at (the processor's {@code maxWorkers}):
 * a pool smaller than the number of in-flight calls makes calls queue for a connection, which
 * counts against their timeout.
 */
public final class TransportConfig {

    /** Connections kept open at most unless set. */
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    /** Calls allowed to wait for a connection unless set. */
    public static final int DEFAULT_PENDING_ACQUIRE_MAX_COUNT = 100_000;
    /** How long a call waits for a free connection unless set. */
    public static final Duration DEFAULT_PENDING_ACQUIRE_TIMEOUT = Duration.ofSeconds(60);
    /** How long opening a connection may take unless set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long an idle connection stays open unless set. */
    public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(30);

    private final int maxConnections;
    private final int pendingAcquireMaxCount;
    private final Duration pendingAcquireTimeout;
    private final Duration connectTimeout;
    private final Duration maxIdleTime;

    private TransportConfig(Builder b) {
        maxConnections = b.maxConnections;
        pendingAcquireMaxCount = b.pendingAcquireMaxCount;
        pendingAcquireTimeout = b.pendingAcquireTimeout;
        connectTimeout = b.connectTimeout;
        maxIdleTime = b.maxIdleTime;
    }

    /**
     * {@return the defaults: 512 connections, 100,000 waiting calls, 60 s to get one, 10 s to connect, 30 s
     * idle}
     */
    public static TransportConfig defaults() {
        return builder().build();
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the connections kept open at most, across every host the transport talks to} */
    public int maxConnections() {
        return maxConnections;
    }

    /** {@return the calls allowed to wait for a connection; past it a call fails at once (transient)} */
    public int pendingAcquireMaxCount() {
        return pendingAcquireMaxCount;
    }

    /** {@return how long a call waits for a free connection before it fails (transient)} */
    public Duration pendingAcquireTimeout() {
        return pendingAcquireTimeout;
    }

    /** {@return how long opening a connection may take} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return how long an idle connection stays open} */
    public Duration maxIdleTime() {
        return maxIdleTime;
    }

    @Override
    public String toString() {
        return "TransportConfig[maxConnections=" + maxConnections + ", pendingAcquireMaxCount="
                + pendingAcquireMaxCount + ", pendingAcquireTimeout=" + pendingAcquireTimeout
                + ", connectTimeout=" + connectTimeout + ", maxIdleTime=" + maxIdleTime + "]";
    }

    /** Builds a {@link TransportConfig}; {@link #build()} names every bad field at once. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int pendingAcquireMaxCount = DEFAULT_PENDING_ACQUIRE_MAX_COUNT;
        private Duration pendingAcquireTimeout = DEFAULT_PENDING_ACQUIRE_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration maxIdleTime = DEFAULT_MAX_IDLE_TIME;

        private Builder() {}

        /**
         * Connections kept open at most (default 512).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxConnections(int n) {
            maxConnections = n;
            return this;
        }

        /**
         * Calls allowed to wait for a connection (default 100,000).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder pendingAcquireMaxCount(int n) {
            pendingAcquireMaxCount = n;
            return this;
        }

        /**
         * How long a call waits for a free connection (default 60 s).
         *
         * @param d positive
         * @return this builder
         */
        public Builder pendingAcquireTimeout(Duration d) {
            pendingAcquireTimeout = d;
            return this;
        }

        /**
         * How long opening a connection may take (default 10 s).
         *
         * @param d positive
         * @return this builder
         */
        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        /**
         * How long an idle connection stays open (default 30 s).
         *
         * @param d positive
         * @return this builder
         */
        public Builder maxIdleTime(Duration d) {
            maxIdleTime = d;
            return this;
        }

        /**
         * @return the config
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field
         */
        public TransportConfig build() {
            new ConfigChecks("TransportConfig")
                    .check(maxConnections >= 1, "maxConnections", "must be >= 1", maxConnections)
                    .check(pendingAcquireMaxCount >= 1, "pendingAcquireMaxCount", "must be >= 1",
                            pendingAcquireMaxCount)
                    .check(positive(pendingAcquireTimeout), "pendingAcquireTimeout", "must be positive",
                            pendingAcquireTimeout)
                    .check(positive(connectTimeout), "connectTimeout", "must be positive", connectTimeout)
                    .check(positive(maxIdleTime), "maxIdleTime", "must be positive", maxIdleTime)
                    .throwIfAny();
            return new TransportConfig(this);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }
}
