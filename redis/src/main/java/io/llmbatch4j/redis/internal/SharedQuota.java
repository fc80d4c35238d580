package io.llmbatch4j.redis.internal;

import io.llmbatch4j.core.quota.QuotaKey;
import io.llmbatch4j.core.quota.QuotaLedger;
import io.llmbatch4j.core.quota.QuotaLimits;
import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.core.quota.QuotaSignals;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The engine of a Redis quota store: its keys (the quota key's provider, bucket and API-key
 * fingerprint inside a hash tag, so a cluster keeps them on one slot), its connections, the
 * ledgers it opened and the cooldown messages between them. A message is
 * {@code <ledger id>:<length ms>}; a ledger ignores its own.
 */
public final class SharedQuota {

    private static final Logger LOG = LoggerFactory.getLogger(SharedQuota.class);
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final int COLD_FACTOR = 8;

    private final Settings settings;
    final QuotaCounters counters = new QuotaCounters();
    final String stateKey;
    final String channel;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger ledgerIds = new AtomicInteger();
    private final RedisLink link;
    private final List<RedisQuotaLedger> ledgers = new CopyOnWriteArrayList<>();
    private volatile boolean warm;
    private volatile QuotaMode lastMode = QuotaMode.SHARED;

    /**
     * The settings of a store.
     *
     * @param redisUri e.g. {@code redis://127.0.0.1:6379}
     * @param key whose quota
     * @param expectedReplicas how many JVMs share the quota (the fallback's divisor)
     * @param blockTime how much of the quota's rate one lease holds
     * @param leaseTime how long a lease may go unused before it is returned
     * @param commandTimeout the longest a Redis call may take before the ledger falls back
     * @param retryInterval how often a fallen-back ledger tries Redis again
     * @param maxAhead how far ahead a lease may be booked
     */
    public record Settings(String redisUri, QuotaKey key, int expectedReplicas, Duration blockTime,
            Duration leaseTime, Duration commandTimeout, Duration retryInterval, Duration maxAhead) {

        /** {@return the settings without the Redis URI, which may hold a password} */
        @Override
        public String toString() {
            return "Settings[" + key.id() + ", replicas=" + expectedReplicas + ", blockTime=" + blockTime + "]";
        }
    }

    /**
     * A store with {@code settings}; connects on first use.
     *
     * @param settings the settings
     */
    public SharedQuota(Settings settings) {
        this.settings = settings;
        String tag = "llmbatch:{" + settings.key().id() + "}";
        this.stateKey = tag + ":quota";
        this.channel = tag + ":cooldown";
        this.link = new RedisLink(settings.redisUri(), settings.commandTimeout(), channel, this::onMessage);
    }

    /**
     * Opens a ledger for one processor.
     *
     * @param configured the configured limits
     * @param signals the processor's signals
     * @param nowNanos the processor's clock now
     * @return the ledger
     */
    public QuotaLedger open(QuotaLimits configured, QuotaSignals signals, long nowNanos) {
        RedisQuotaLedger l = new RedisQuotaLedger(this, instance + "-" + ledgerIds.incrementAndGet(), configured,
                signals, nowNanos);
        ledgers.add(l);
        link.commands().subscribe(c -> {}, e -> {});
        return l;
    }

    void closed(RedisQuotaLedger l) {
        ledgers.remove(l);
    }

    /** {@return the settings} */
    public Settings settings() {
        return settings;
    }

    /** {@return the counters} */
    public QuotaCounters counters() {
        return counters;
    }

    /**
     * {@return FALLBACK when any open ledger uses its local share, else SHARED; with no ledger open,
     * the mode the last one changed to}
     */
    public QuotaMode mode() {
        if (ledgers.isEmpty()) {
            return lastMode;
        }
        for (RedisQuotaLedger l : ledgers) {
            if (l.mode() == QuotaMode.FALLBACK) {
                return QuotaMode.FALLBACK;
            }
        }
        return QuotaMode.SHARED;
    }

    void modeChanged(QuotaMode mode) {
        lastMode = mode;
    }

    /** {@return whether the cooldown channel is subscribed} */
    public boolean listening() {
        return link.listening();
    }

    /**
     * One lease round trip, bounded by the command timeout; until the first answer (a cold JVM,
     * scripts not loaded yet) by {@value #COLD_FACTOR} times that.
     */
    Mono<List<Object>> lease(String... args) {
        counters.leaseCalls.incrementAndGet();
        Duration timeout = warm ? settings.commandTimeout() : settings.commandTimeout().multipliedBy(COLD_FACTOR);
        return link.commands().flatMap(c -> Scripts.LEASE.run(c, stateKey, args).timeout(timeout))
                .doOnNext(r -> warm = true);
    }

    void announceCooldown(String ledgerId, Duration length) {
        counters.cooldownsSent.incrementAndGet();
        String ms = Long.toString(Math.max(1, length.toMillis()));
        link.commands().flatMap(c -> Scripts.COOLDOWN.runInteger(c, stateKey, ms, channel, ledgerId + ":" + ms,
                Long.toString(TTL.toMillis())).timeout(settings.commandTimeout()))
                .subscribe(n -> {}, e -> LOG.warn("could not share a cooldown through Redis: {}", e.toString()));
    }

    long ttlMillis() {
        return TTL.toMillis();
    }

    private void onMessage(String ch, String message) {
        int colon = message.lastIndexOf(':');
        if (!channel.equals(ch) || colon <= 0) {
            return;
        }
        String from = message.substring(0, colon);
        long ms;
        try {
            ms = Long.parseLong(message.substring(colon + 1));
        } catch (NumberFormatException e) {
            return;
        }
        for (RedisQuotaLedger l : ledgers) {
            if (!l.id.equals(from)) {
                counters.cooldownsReceived.incrementAndGet();
                l.remoteCooldown(Duration.ofMillis(ms));
            }
        }
    }

    /**
     * Closes the connections, waiting at most {@code within}.
     *
     * @param within the longest wait
     */
    public void close(Duration within) {
        for (RedisQuotaLedger l : List.copyOf(ledgers)) {
            l.close();
        }
        link.close(within);
    }
}
