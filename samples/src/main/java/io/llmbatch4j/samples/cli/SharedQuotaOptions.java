package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.quota.QuotaKey;
import io.llmbatch4j.core.quota.QuotaMode;
import io.llmbatch4j.redis.RedisQuotaStore;
import java.io.PrintStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --redis} and {@code --replicas}: budgets shared between several {@code llmbatch} processes
 * through Redis, keyed by provider, model and the API key's fingerprint (never the key).
 */
final class SharedQuotaOptions {

    @Option(names = "--redis", paramLabel = "URI",
            description = "share the --rpm/--tpm budgets, cooldowns and the limits learned from the provider's"
                    + " quota headers with every llmbatch process using this Redis, provider, model and API key,"
                    + " e.g. redis://localhost:6379; without --rpm/--tpm the limits are learned from the headers")
    @Nullable String redis;

    @Option(names = "--replicas", defaultValue = "1", paramLabel = "N",
            description = "with --redis: how many processes share the quota; while Redis is unreachable each keeps"
                    + " to 1/N of it (default: ${DEFAULT-VALUE})")
    int replicas;

    /** {@return the store to share through, or null without --redis} (announced in one line) */
    @Nullable RedisQuotaStore open(String provider, String model, String keyMaterial, PrintStream out) {
        if (redis == null) {
            return null;
        }
        QuotaKey key = QuotaKey.of(provider, model.replace(':', '_'), keyMaterial);
        RedisQuotaStore store = RedisQuotaStore.builder(redis, key).expectedReplicas(replicas).build();
        out.println("Quota: shared through Redis (" + key.id() + ", " + replicas + " replica(s) expected).");
        return store;
    }

    /** Prints the mode a shared run ended in: shared, or the local share it fell back to (nothing without --redis). */
    static void report(@Nullable RedisQuotaStore store, PrintStream out) {
        if (store == null) {
            return;
        }
        out.printf("Quota: %s: %,d reservations from %,d Redis calls, %d fallback(s) to the local share, %d"
                + " cooldown(s) sent, %d received.%n", store.mode() == QuotaMode.SHARED ? "shared through Redis"
                        : "local share at the end (Redis unreachable)",
                store.sharedReservations(), store.redisCalls(), store.fallbacks(), store.cooldownsSent(),
                store.cooldownsReceived());
    }
}
