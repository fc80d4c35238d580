package io.llmbatch4j.benchmarks;

import io.llmbatch4j.core.Attempt;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMResponse;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RetryState;
import io.llmbatch4j.core.TokenUsage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
 * The engine's own benchmarks: {@code overhead} (a no-op strategy, 1M items through {@code process()}
 * vs raw {@code flatMap} over the same items, with the peak heap) and {@code latency} (100 ms calls,
 * 1,000 workers: achieved vs theoretical throughput). Run from {@link BenchMain}.
 */
final class EngineBench {

    private static final int CONCURRENCY = 64;
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 5;
    /** Generous: no item of these benchmarks should ever time out. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static double scale = 1;

    private EngineBench() {}

    private static int scaled(int n) {
        return Math.max(1, (int) (n * scale));
    }

    static void overhead(double scale) {
        EngineBench.scale = scale;
        int items = scaled(1_000_000);
        LLMCallStrategy<Integer> noop = (prompt, attempt) -> Mono.just(LLMResponse.of(1));
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(CONCURRENCY).timeoutPerItem(TIMEOUT)
                .detectDuplicateIds(Boolean.parseBoolean(System.getProperty("bench.dedup", "true")))
                .workerCeiling(Integer.getInteger("bench.ceiling", ProcessorConfig.DEFAULT_WORKER_CEILING)).build();
        HeapSampler sampler = new HeapSampler(Duration.ofMillis(50));
        try (ParallelBatchProcessor<Integer, Void> processor =
                ParallelBatchProcessor.<Integer, Void>builder().config(config).build()) {
            for (int i = 0; i < WARMUP_ROUNDS; i++) {
                bare(scaled(200_000));
                raw(noop, scaled(200_000));
                engine(processor, noop, scaled(200_000));
            }
            resetPeaks();
            List<Double> bareRates = new ArrayList<>();
            List<Double> rawRates = new ArrayList<>();
            List<Double> engineRates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                bareRates.add(bare(items));
                rawRates.add(raw(noop, items));
                sampler.enable(true);
                engineRates.add(engine(processor, noop, items));
                sampler.enable(false);
            }
            long poolPeaks = peakHeapBytes();
            sampler.stop();
            double bareMedian = Rounds.median(bareRates);
            double rawMedian = Rounds.median(rawRates);
            double engineMedian = Rounds.median(engineRates);
            System.out.printf("overhead: %,d items/round, %d warmup + %d measured rounds alternating, concurrency %d%n",
                    items, WARMUP_ROUNDS, ROUNDS, CONCURRENCY);
            System.out.printf("overhead: raw Flux.flatMap over the same work items calling the same strategy"
                    + " (.hide()) median %,.0f items/s (min %,.0f, max %,.0f)%n",
                    rawMedian, Collections.min(rawRates), Collections.max(rawRates));
            System.out.printf("overhead: bare Flux.range.flatMap(fromSupplier.hide()), no items built, median %,.0f"
                    + " items/s (min %,.0f, max %,.0f): engine/bare = %.2f%n", bareMedian, Collections.min(bareRates),
                    Collections.max(bareRates), engineMedian / bareMedian);
            System.out.printf("overhead: ParallelBatchProcessor.process median %,.0f items/s (min %,.0f, max %,.0f)%n",
                    engineMedian, Collections.min(engineRates), Collections.max(engineRates));
            System.out.printf("overhead: ratio engine/raw = %.2f (target >= 0.5: %s)%n", engineMedian / rawMedian,
                    engineMedian / rawMedian >= 0.5 ? "met" : "NOT met");
            System.out.printf("memory: %,d-item streaming rounds passed under -Xmx %s%n", items, xmx());
            System.out.printf("memory: peak heap used, sampled every 50 ms (and at each round's end) during the engine rounds: %d MiB"
                    + " (%d samples)%n", sampler.peakBytes() >> 20, sampler.samples());
            System.out.printf("memory: peak heap used, sum of heap pools' peaks over all measured rounds"
                    + " (upper bound): %d MiB of %d MiB max heap%n", poolPeaks >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** The first baseline: no work items, no strategy, just a non-scalar inner per number. */
    private static double bare(int items) {
        AtomicLong sink = new AtomicLong();
        long start = System.nanoTime();
        Flux.range(0, items)
                .flatMap(i -> Mono.fromSupplier(() -> LLMResponse.of(i)).hide(), CONCURRENCY)
                .doOnNext(r -> sink.incrementAndGet())
                .blockLast();
        return Rounds.check(items, sink.get()) / Rounds.seconds(start);
    }

    /**
     * The baseline doing the same work as the engine's round: the same work items built the same
     * way, the same strategy called once per item, its inner made non-scalar ({@code .hide()});
     * no limits, timeouts, retries, accounting or results.
     */
    private static double raw(LLMCallStrategy<Integer> s, int items) {
        AtomicLong sink = new AtomicLong();
        Attempt attempt = new Attempt("raw", 1, 0, TIMEOUT, new RetryState());
        long start = System.nanoTime();
        Flux.range(0, items)
                .map(i -> LLMWorkItem.of(Integer.toString(i), s, "p"))
                .flatMap(item -> item.strategy().execute(item.prompt(), attempt).hide(), CONCURRENCY)
                .doOnNext(r -> sink.incrementAndGet())
                .blockLast();
        return Rounds.check(items, sink.get()) / Rounds.seconds(start);
    }

    /** Items/s of one run of {@code items} through {@code p}; fails unless every item succeeded. */
    private static double engine(ParallelBatchProcessor<Integer, Void> p, LLMCallStrategy<Integer> s, int items) {
        AtomicLong succeeded = new AtomicLong();
        long start = System.nanoTime();
        p.process(Flux.range(0, items).map(i -> LLMWorkItem.of(Integer.toString(i), s, "p")))
                .doOnNext(r -> {
                    if (r.success()) {
                        succeeded.incrementAndGet();
                    }
                })
                .blockLast();
        return Rounds.check(items, succeeded.get()) / Rounds.seconds(start);
    }

    static void latency(double scale) {
        EngineBench.scale = scale;
        int items = scaled(50_000);
        int workers = 1000;
        Duration delay = Duration.ofMillis(100);
        LLMCallStrategy<Integer> slow = (prompt, attempt) -> Mono.delay(delay)
                .thenReturn(LLMResponse.of(1, TokenUsage.of(10, 1)));
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(workers).timeoutPerItem(TIMEOUT).build();
        try (ParallelBatchProcessor<Integer, Void> processor =
                ParallelBatchProcessor.<Integer, Void>builder().config(config).build()) {
            processor.process(Flux.range(0, scaled(5_000)).map(i -> LLMWorkItem.of("w" + i, slow, "p")))
                    .blockLast();
            double achieved = engine(processor, slow, items);
            double theoretical = workers * (1000.0 / delay.toMillis());
            System.out.printf("latency: %,d items, %d workers, 100 ms per call: %,.0f items/s of %,.0f theoretical"
                    + " = %.3f (target >= 0.95: %s)%n", items, workers, achieved, theoretical,
                    achieved / theoretical, achieved / theoretical >= 0.95 ? "met" : "NOT met");
        }
    }

    /** The -Xmx this JVM was started with, as given, or "default" when none was. */
    static String xmx() {
        String xmx = "default";
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xmx")) {
                xmx = arg.substring(4);
            }
        }
        return xmx;
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

    /**
     * Samples heap used (live objects and not yet collected garbage) on a daemon thread while
     * enabled, keeping the largest sample.
     */
    private static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final Thread thread;
        private volatile boolean enabled;
        private volatile boolean running = true;

        HeapSampler(Duration interval) {
            thread = new Thread(() -> {
                while (running) {
                    if (enabled) {
                        sample();
                    }
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** Turning it off takes one last sample, so even a round shorter than the interval counts. */
        void enable(boolean on) {
            if (!on) {
                sample();
            }
            enabled = on;
        }

        private void sample() {
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            samples.incrementAndGet();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        long peakBytes() {
            return peak.get();
        }

        long samples() {
            return samples.get();
        }
    }
}
