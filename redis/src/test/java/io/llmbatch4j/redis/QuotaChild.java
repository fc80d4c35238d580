package io.llmbatch4j.redis;

import io.llmbatch4j.core.BatchResult;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.quota.QuotaKey;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A child JVM of {@link MultiJvmTest}: processes {@code items} instant calls under a budget of
 * {@code rpm} shared through Redis, printing {@code call <epoch ms>} for each and
 * {@code done <succeeded> <redis calls> <fallbacks>} at the end.
 * Arguments: redisUri bucket items rpm leaseMillis.
 */
public final class QuotaChild {

    private QuotaChild() {}

    /**
     * Runs the child.
     *
     * @param args redisUri bucket items rpm leaseMillis
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        RedisQuotaStore store = RedisQuotaStore.builder(args[0], QuotaKey.of("openai", args[1], "sk-child"))
                .leaseTime(Duration.ofMillis(Long.parseLong(args[4]))).build();
        try (store; ParallelBatchProcessor<String, Void> p = Runs.processor(Long.parseLong(args[3]), store)) {
            BatchResult<String, Void> r = Runs.run(p, Runs.items("c-", Integer.parseInt(args[2]), Runs.instant(t -> {
                synchronized (out) {
                    out.println("call " + t);
                    out.flush();
                }
            })));
            out.println("done " + r.succeeded() + " " + store.redisCalls() + " " + store.fallbacks());
            out.flush();
        }
    }
}
