package io.llmbatch4j.benchmarks;

import io.llmbatch4j.samples.cli.LlmBatch;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.FakeServerConfig;
import io.llmbatch4j.testkit.FaultRates;
import io.llmbatch4j.testkit.LatencyProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code chaos}: the {@code llmbatch} CLI with its default options (only input, output, base URL and
 * progress given) over {@value #ITEMS} items against the testkit, once fault-free and once under
 * chaos (10% 5xx, 5% burst 429s, 2% connection resets, 2% malformed bodies, 1% hangs), each against
 * its own server with the embedded provider's latency (20–120 ms). Reports each run's time and share
 * of items succeeded, and the ratio chaos time / fault-free time. A short fault-free warm-up run
 * comes first and is not reported. Targets (issue 14, point 15): at least 99.9% succeeded under
 * chaos, chaos time at most 10x the fault-free time.
 */
final class ChaosBench {

    static final int ITEMS = 10_000;
    static final FaultRates CHAOS = FaultRates.builder().http500(0.04).http502(0.03).http503(0.03)
            .rateLimited(0.05).connectionReset(0.02).malformedJson(0.02).hang(0.01).build();
    private static final LatencyProfile LATENCY = LatencyProfile.uniform(Duration.ofMillis(20), Duration.ofMillis(120));

    private ChaosBench() {}

    static void run(double scale) {
        int items = Math.max(100, (int) (ITEMS * scale));
        System.out.printf("chaos: the CLI's defaults, %,d items, latency 20-120 ms; chaos = %s%n", items, CHAOS);
        Path dir = tempDir();
        try {
            Path input = dir.resolve("input.jsonl");
            write(input, items);
            once(dir, input, Math.max(100, items / 20), FaultRates.none(), "warm-up");
            Outcome clean = once(dir, input, items, FaultRates.none(), "fault-free");
            Outcome chaos = once(dir, input, items, CHAOS, "chaos");
            double ratio = chaos.seconds / clean.seconds;
            double share = 100.0 * chaos.succeeded / items;
            System.out.printf("chaos: %.1f s vs fault-free %.1f s -> ratio %.2f (target <= 10: %s); succeeded under"
                    + " chaos %.2f%% (target >= 99.9%%: %s)%n", chaos.seconds, clean.seconds, ratio,
                    ratio <= 10 ? "met" : "NOT met", share, share >= 99.9 ? "met" : "NOT met");
        } finally {
            deleteTree(dir);
        }
    }

    private static Outcome once(Path dir, Path allInput, int items, FaultRates faults, String label) {
        Path input = allInput;
        if (items < lineCount(allInput)) {
            input = dir.resolve(label + "-input.jsonl");
            write(input, items);
        }
        Path output = dir.resolve(label + ".jsonl");
        FakeServerConfig config = FakeServerConfig.builder().latency(LATENCY).faults(faults).requestLogLimit(1).build();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code;
        try (FakeLlmServer server = FakeLlmServer.start(config);
             PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            code = LlmBatch.execute(new String[] {"run", "--input", input.toString(), "--output", output.toString(),
                    "--base-url", server.baseUrl(), "--progress", "off"}, out, out,
                    Map.of("OPENAI_API_KEY", FakeServerConfig.DEFAULT_OPENAI_KEY));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long succeeded = lines(output).stream().filter(l -> l.contains("\"success\":true")).count();
        if (!label.equals("warm-up")) {
            System.out.printf("%s: exit %d, %.1f s, %,d of %,d succeeded (%.2f%%)%n", label, code, seconds, succeeded,
                    items, 100.0 * succeeded / items);
            String summary = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> "    " + l).collect(Collectors.joining("\n"));
            System.out.println(summary);
        }
        return new Outcome(seconds, succeeded);
    }

    private record Outcome(double seconds, long succeeded) {}

    private static void write(Path file, int items) {
        List<String> lines = IntStream.range(0, items).mapToObj(i -> "{\"id\":\"c-" + i
                + "\",\"prompt\":\"Ticket " + i + ": the export button crashes\"}").toList();
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lineCount(Path file) {
        return lines(file).size();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("llmbatch-chaos");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
