package io.llmbatch4j.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine benchmarks, each against a baseline measured in the same JVM:
 * <ul>
 *   <li>{@code overhead}: a no-op strategy, 1,000,000 items through {@code process()}, vs raw
 *       {@code Flux.flatMap(fn, 64)} with a non-scalar inner ({@code .hide()}); also reports peak heap
 *       (the memory benchmark: the 1M-item streaming rounds under {@code -Xmx128m}).
 *   <li>{@code latency}: a strategy answering after 100 ms, 1,000 workers, 50,000 items: achieved vs
 *       the theoretical 10,000 items/s.
 *   <li>{@code client}: {@link ClientBench}, the OpenAI client vs a raw Reactor Netty loop against the
 *       testkit, 256 concurrent calls.
 *   <li>{@code budget}: {@link BudgetBench}, throughput and 429s against a testkit quota with the
 *       RPM/TPM budgets off and on (about 80 s; not part of {@code all}).
 *   <li>{@code chaos}: {@link ChaosBench}, the CLI's defaults over 10,000 items fault-free and under
 *       chaos (a few minutes; not part of {@code all}).
 *   <li>{@code kafka}: {@link KafkaBench}, topic → engine → results topic vs a raw kafka-clients loop,
 *       and end to end at 100 ms latency, against a real broker (not part of {@code all}).
 *   <li>{@code kafka-members}: {@link KafkaMembersBench}, 30,000 items, 3 CLI members, one killed with
 *       SIGKILL and restarted (not part of {@code all}).
 *   <li>{@code tracing}: {@link TracingBench}, the call pool with and without GenAI tracing spans
 *       (Micrometer Observation + the OpenTelemetry SDK), 256 concurrent calls against the testkit (not part
 *       of {@code all}).
 * </ul>
 * Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl benchmarks exec:exec -Dbench=all}
 * (the JVM gets {@code -Xmx128m}). {@code -Dbench.scale=0.01} shrinks every count for a smoke run.
 */
public final class BenchMain {

    private static final Set<String> BENCHES = Set.of("overhead", "latency", "client", "budget", "chaos", "kafka", "kafka-members", "shared", "tracing",
            "all");
    private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        if (!BENCHES.contains(which)) {
            System.err.println("unknown bench '" + which + "'; use one of " + BENCHES);
            System.exit(2);
        }
        if (!(SCALE > 0)) {
            System.err.println("bench.scale must be > 0 (was " + SCALE + ")");
            System.exit(2);
        }
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        System.out.printf("jvm: java %s, %d cores, -Xmx %s (max heap %d MiB), gc %s, bench %s, scale %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), EngineBench.xmx(),
                Runtime.getRuntime().maxMemory() >> 20, gcs, which, SCALE);
        if (SCALE != 1) {
            System.out.println("note: scaled run (bench.scale=" + SCALE + "), a smoke test only: the figures below"
                    + " are not comparable with the targets (short rounds, little warmup; fewer latency items than"
                    + " workers caps that ratio)");
        }
        if (which.equals("overhead") || which.equals("all")) {
            EngineBench.overhead(SCALE);
        }
        if (which.equals("latency") || which.equals("all")) {
            EngineBench.latency(SCALE);
        }
        if (which.equals("client") || which.equals("all")) {
            ClientBench.run(SCALE);
        }
        if (which.equals("budget")) {
            BudgetBench.run(SCALE);
        }
        if (which.equals("chaos")) {
            ChaosBench.run(SCALE);
        }
        if (which.equals("kafka") || which.equals("kafka-members")) {
            try {
                if (which.equals("kafka")) {
                    KafkaBench.run(SCALE);
                } else {
                    KafkaMembersBench.run(SCALE);
                }
            } catch (Exception e) {
                throw new IllegalStateException(which + " failed", e);
            }
        }
        if (which.equals("shared")) {
            SharedBench.run(SCALE);
        }
        if (which.equals("tracing")) {
            TracingBench.run(SCALE);
        }
        // Reactor's scheduler threads are daemons, but exit explicitly so nothing can keep the JVM up
        System.exit(0);
    }
}
