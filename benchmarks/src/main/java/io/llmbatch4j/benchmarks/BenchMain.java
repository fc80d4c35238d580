package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.TokenUsage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine benchmarks, each against a baseline measured in the same JVM:
 * <ul>
 *   <li>{@code overhead}: a no-op strategy, 1,000,000 items through {@code process()}, vs raw
 *       {@code Flux.flatMap(fn, 64)} with a non-scalar inner ({@code .hide()}); also reports peak heap.
 *   <li>{@code latency}: a strategy answering after 100 ms, 1,000 workers, 50,000 items: achieved vs
 *       the theoretical 10,000 items/s.
 * </ul>
 * Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl benchmarks exec:exec -Dbench=all}
 * (the JVM gets {@code -Xmx128m}). {@code -Dbench.scale=0.01} shrinks every count for a smoke run.
 */
public final class BenchMain {

    private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));
    private static final int CONCURRENCY = 64;

    private BenchMain() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        System.out.printf("java %s, %d cores, max heap %d MiB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (which.equals("overhead") || which.equals("all")) {
            overhead();
        }
        if (which.equals("latency") || which.equals("all")) {
            latency();
        }
        System.exit(0);
    }

    private static int scaled(int n) {
        return Math.max(1, (int) (n * SCALE));
    }

    static void overhead() {
        int items = scaled(1_000_000);
        LLMCallStrategy<Integer> noop = (prompt, attempt) -> Mono.just(new LLMResponse<>(1, TokenUsage.ZERO, null));
        ParallelBatchProcessor<Integer, Void> processor = ParallelBatchProcessor.<Integer, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(CONCURRENCY).build()).build();
        for (int i = 0; i < 3; i++) {
            raw(scaled(200_000));
            engine(processor, noop, scaled(200_000));
        }
        resetPeaks();
        List<Double> rawRates = new ArrayList<>();
        List<Double> engineRates = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            rawRates.add(raw(items));
            engineRates.add(engine(processor, noop, items));
        }
        long peak = peakHeapBytes();
        double rawMedian = median(rawRates);
        double engineMedian = median(engineRates);
        System.out.printf("overhead: %,d items/round, 5 rounds alternating, concurrency %d%n", items, CONCURRENCY);
        System.out.printf("overhead: raw Flux.flatMap(.hide()) median %,.0f items/s (min %,.0f, max %,.0f)%n",
                rawMedian, Collections.min(rawRates), Collections.max(rawRates));
        System.out.printf("overhead: ParallelBatchProcessor.process median %,.0f items/s (min %,.0f, max %,.0f)%n",
                engineMedian, Collections.min(engineRates), Collections.max(engineRates));
        System.out.printf("overhead: ratio engine/raw = %.2f (target >= 0.5)%n", engineMedian / rawMedian);
        System.out.printf("memory: peak heap used during the measured rounds %d MiB of -Xmx %d MiB%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        processor.close();
    }

    private static double raw(int items) {
        AtomicLong sink = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, items)
                .flatMap(i -> Mono.fromSupplier(() -> new LLMResponse<>(i, TokenUsage.ZERO, null)).hide(), CONCURRENCY)
                .doOnNext(r -> sink.incrementAndGet())
                .blockLast();
        return check(items, sink.get()) / seconds(start);
    }

    private static double engine(ParallelBatchProcessor<Integer, Void> p, LLMCallStrategy<Integer> s, int items) {
        AtomicLong sink = new AtomicLong();
        long start = System.nanoTime();
        p.process(Flux.range(0, items).map(i -> LLMWorkItem.<Integer, Void>of(Integer.toString(i), s, "p")))
                .doOnNext(r -> sink.incrementAndGet())
                .blockLast();
        return check(items, sink.get()) / seconds(start);
    }

    static void latency() {
        int items = scaled(50_000);
        int workers = 1000;
        Duration delay = Duration.ofMillis(100);
        LLMCallStrategy<Integer> slow = (prompt, attempt) -> Mono.delay(delay)
                .thenReturn(new LLMResponse<>(1, TokenUsage.of(10, 1), "sim"));
        ParallelBatchProcessor<Integer, Void> processor = ParallelBatchProcessor.<Integer, Void>builder()
                .config(ProcessorConfig.builder().maxWorkers(workers).timeoutPerItem(Duration.ofSeconds(30)).build())
                .build();
        AtomicLong sink = new AtomicLong();
        processor.process(Flux.range(0, scaled(5_000)).map(i -> LLMWorkItem.<Integer, Void>of("w" + i, slow, "p")))
                .blockLast();
        long start = System.nanoTime();
        processor.process(Flux.range(0, items).map(i -> LLMWorkItem.<Integer, Void>of(Integer.toString(i), slow, "p")))
                .doOnNext(r -> sink.incrementAndGet())
                .blockLast();
        double achieved = check(items, sink.get()) / seconds(start);
        double theoretical = workers * (1000.0 / delay.toMillis());
        System.out.printf("latency: %,d items, %d workers, 100 ms per call: %,.0f items/s of %,.0f theoretical = %.3f"
                + " (target >= 0.95)%n", items, workers, achieved, theoretical, achieved / theoretical);
        processor.close();
    }

    private static long check(int expected, long got) {
        if (got != expected) {
            throw new IllegalStateException("expected " + expected + " results, got " + got);
        }
        return got;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks: an upper bound on the heap used at any one moment. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
