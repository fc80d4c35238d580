package io.llmbatch4j.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.LatencyProfile;
import io.llmbatch4j.testkit.Quota;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code shared}: one provider quota, several JVMs. The budget benchmark's testkit quota
 * ({@value BudgetBench#RPS} requests/s + {@value BudgetBench#TPS} tokens/s, 200 ms latency) is
 * shared by 4 child JVMs ({@link SharedBenchChild}) × {@value BudgetBench#WORKERS} workers: budgets
 * shared through Redis, each with the full budget locally (today's overshoot), a static quarter
 * each with most of the work in one JVM, zero-config (limits learned from the headers) in one JVM
 * and through Redis, and one JVM killed with SIGKILL mid-run. Redis calls per provider request come
 * from {@code INFO commandstats}. Starts its own {@code redis-server} (or uses {@code -Dbench.redis}).
 */
final class SharedBench {

    private static final double HEADROOM = BudgetBench.HEADROOM;
    private static final long RPM = (long) (BudgetBench.RPS * 60 * HEADROOM);
    private static final long TPM = (long) (BudgetBench.TPS * 60 * HEADROOM);
    private static final int JVMS = 4;
    private static final int LEASE_MS = 1_000;
    private static final Pattern RESULT = Pattern.compile(
            "result \\S+ (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)");

    /** Where the child JVMs' stderr goes (warnings such as a fallback to the local share). */
    private static final Path CHILD_LOG = Path.of(System.getProperty("java.io.tmpdir"), "llmbatch-shared-bench.log");

    private SharedBench() {}

    /** What a scenario's JVMs did together. */
    record Outcome(long ok, long failed, long requests, long limited, long tokens, long redisCalls, long fallbacks,
            double seconds, TreeMap<Long, long[]> perSecond) {

        double share() {
            return Math.max(ok / seconds / BudgetBench.RPS, tokens / seconds / BudgetBench.TPS);
        }
    }

    static void run(double scale) throws Exception {
        int items = Math.max(400, (int) (2_400 * scale));
        String only = System.getProperty("bench.shared.scenarios",
                "latency,shared,full,split,skewed,learn1,learn4,kill");
        String given = System.getProperty("bench.redis");
        try (RedisProcess redis = given != null ? null : RedisProcess.start();
             RedisClient client = RedisClient.create(given != null ? given : redis.uri());
             StatefulRedisConnection<String, String> admin = client.connect()) {
            String uri = given != null ? given : redis.uri();
            System.out.printf("shared: quota %d requests/s + %,d tokens/s, latency %d ms, %d JVMs x %d workers,"
                    + " %,d items per scenario, budgets at %.0f%%, lease %d ms, redis %s%n", BudgetBench.RPS,
                    BudgetBench.TPS, BudgetBench.LATENCY_MS, JVMS, BudgetBench.WORKERS, items, HEADROOM * 100,
                    LEASE_MS, admin.sync().info("server").lines().filter(l -> l.startsWith("redis_version"))
                            .findFirst().orElse("?"));
            if (only.contains("latency")) {
                ReservationLatency.run(uri);
            }
            int[] even = {items / 4, items / 4, items / 4, items / 4};
            int[] skew = {items * 7 / 10, items / 10, items / 10, items / 10};
            Duration second = Duration.ofSeconds(1);
            if (only.contains("one")) {
                report("1 JVM, local budget", scenario(admin, "-", second, new int[] {items}, RPM, TPM, false, -1));
                report("1 JVM via Redis", scenario(admin, uri, second, new int[] {items}, RPM, TPM, false, -1));
            }
            if (only.contains("shared")) {
                report("shared via Redis, even work", scenario(admin, uri, second, even, RPM, TPM, false, -1));
            }
            if (only.contains("full")) {
                report("full budget in each JVM", scenario(admin, "-", second, even, RPM, TPM, false, -1));
            }
            if (only.contains("quarters")) { // the control: the same 4 busy JVMs, no sharing, a fixed even pace
                report("static split (1/4 each), even work", scenario(admin, "-", second, even, RPM / 4, TPM / 4,
                        false, -1));
            }
            if (only.contains("split")) {
                report("static split (1/4 each), 70/10/10/10 work", scenario(admin, "-", second, skew, RPM / 4,
                        TPM / 4, false, -1));
            }
            if (only.contains("skewed")) {
                report("shared via Redis, 70/10/10/10 work", scenario(admin, uri, second, skew, RPM, TPM, false, -1));
            }
            Duration minute = Duration.ofMinutes(1); // learned limits are per minute, as the providers' are
            if (only.contains("learn1")) {
                report("zero config, 1 JVM (limits from headers)", scenario(admin, "-", minute, new int[] {items},
                        0, 0, true, -1));
            }
            if (only.contains("learn4")) {
                report("zero config, 4 JVMs via Redis", scenario(admin, uri, minute, even, 0, 0, true, -1));
            }
            if (only.contains("kill")) {
                int[] long4 = {items / 2, items / 2, items / 2, items / 2};
                report("shared via Redis, one JVM SIGKILLed", scenario(admin, uri, second, long4, RPM, TPM, false,
                        10_000));
            }
        }
    }

    /**
     * Runs one scenario: a fresh testkit server and Redis state, {@code work.length} child JVMs; with
     * {@code killAfterMs >= 0} the first child is SIGKILLed that long after the start.
     */
    private static Outcome scenario(StatefulRedisConnection<String, String> admin, String redisUri, Duration window,
            int[] work, long rpm, long tpm, boolean learn, long killAfterMs) throws Exception {
        admin.sync().flushall();
        admin.sync().configResetstat();
        FakeServerConfig config = FakeServerConfig.builder().requestLogLimit(1)
                .latency(LatencyProfile.fixed(Duration.ofMillis(BudgetBench.LATENCY_MS)))
                .quota(Quota.of(BudgetBench.RPS * window.toSeconds(), BudgetBench.TPS * window.toSeconds(), window))
                .build();
        try (FakeLlmServer server = FakeLlmServer.start(config)) {
            List<Process> children = new ArrayList<>();
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            for (int n : work) {
                children.add(new ProcessBuilder(java, "-Xmx192m", "-cp", System.getProperty("java.class.path"),
                        SharedBenchChild.class.getName(), server.baseUrl(), redisUri, Integer.toString(n),
                        Long.toString(rpm), Long.toString(tpm), Boolean.toString(learn), Integer.toString(LEASE_MS),
                        Integer.toString(work.length)).redirectError(ProcessBuilder.Redirect.appendTo(CHILD_LOG.toFile())).start());
            }
            List<Path> outputs = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (Process p : children) {
                Path out = Files.createTempFile("shared-bench", ".txt");
                outputs.add(out);
                Thread t = new Thread(() -> copy(p, out));
                t.start();
                readers.add(t);
            }
            long killedAt = 0;
            if (killAfterMs >= 0) {
                Thread.sleep(killAfterMs); // the harness's own clock: when to pull the plug
                children.get(0).destroyForcibly();
                killedAt = System.currentTimeMillis();
            }
            for (Thread t : readers) {
                t.join();
            }
            Outcome o = combine(outputs, killAfterMs >= 0 ? 1 : 0);
            if (killAfterMs >= 0) {
                reportAfterKill(o, killedAt);
            }
            long calls = scriptCalls(admin.sync().info("commandstats"));
            if (!redisUri.equals("-")) {
                System.out.printf("shared:   Redis: %,d script calls (INFO commandstats) for %,d provider requests ="
                        + " %.3f per request; fallbacks %d%n", calls, o.requests(), (double) calls
                        / Math.max(1, o.requests()), o.fallbacks());
            }
            return o;
        }
    }

    private static void copy(Process p, Path out) {
        try (var in = p.getInputStream()) {
            Files.write(out, in.readAllBytes());
        } catch (Exception e) {
            // a killed child: what it printed so far is kept
        }
    }

    /** Sums the children's results (skipping the first {@code skip}, killed ones print none). */
    private static Outcome combine(List<Path> outputs, int skip) throws Exception {
        long[] t = new long[7];
        long first = Long.MAX_VALUE;
        long last = 0;
        TreeMap<Long, long[]> perSecond = new TreeMap<>();
        for (Path out : outputs.subList(skip, outputs.size())) {
            for (String line : Files.readAllLines(out)) {
                Matcher m = RESULT.matcher(line);
                if (m.matches()) {
                    for (int i = 0; i < 7; i++) {
                        t[i] += Long.parseLong(m.group(i + 1));
                    }
                    first = Math.min(first, Long.parseLong(m.group(8)));
                    last = Math.max(last, Long.parseLong(m.group(9)));
                } else if (line.startsWith("sec ")) {
                    String[] f = line.split(" ");
                    long[] v = perSecond.computeIfAbsent(Long.parseLong(f[1]), k -> new long[2]);
                    v[0] += Long.parseLong(f[2]);
                    v[1] += Long.parseLong(f[3]);
                }
            }
        }
        // first answer to last: one latency short of first request to last answer
        double seconds = (last - first) / 1000.0 + BudgetBench.LATENCY_MS / 1000.0;
        return new Outcome(t[0], t[1], t[2], t[3], t[4], t[5], t[6], seconds, perSecond);
    }

    private static void report(String name, Outcome o) {
        double share429 = (double) o.limited() / Math.max(1, o.requests());
        System.out.printf("shared: %-44s %5.1f s, %,d ok, %,d failed, %,d requests, %,d answered 429 (%.2f%%);"
                + " %.1f req/s, %,.0f tok/s: %.1f%% of quota%n", name, o.seconds(), o.ok(), o.failed(), o.requests(),
                o.limited(), share429 * 100, o.ok() / o.seconds(), o.tokens() / o.seconds(), o.share() * 100);
    }

    /** The survivors' share of the quota, second by second, from two lease times after the kill. */
    private static void reportAfterKill(Outcome o, long killedAt) {
        long from = (killedAt + 2L * LEASE_MS) / 1000 + 1;
        StringBuilder seconds = new StringBuilder();
        long tokens = 0;
        int n = 0;
        for (long s = from; s < from + 5 && o.perSecond().containsKey(s); s++, n++) {
            long[] v = o.perSecond().get(s);
            tokens += v[1];
            seconds.append(String.format(" %.0f%%", 100.0 * Math.max((double) v[0] / BudgetBench.RPS,
                    (double) v[1] / BudgetBench.TPS)));
        }
        System.out.printf("shared:   after the SIGKILL: the 3 survivors' share of quota per whole second from two"
                + " lease times (%d ms) after it:%s; mean %.1f%% of T%n", 2 * LEASE_MS, seconds,
                n == 0 ? 0 : 100.0 * tokens / n / BudgetBench.TPS);
    }

    private static long scriptCalls(String commandstats) {
        long calls = 0;
        Matcher m = Pattern.compile("cmdstat_(evalsha|eval):calls=(\\d+)").matcher(commandstats);
        while (m.find()) {
            calls += Long.parseLong(m.group(2));
        }
        return calls;
    }
}
