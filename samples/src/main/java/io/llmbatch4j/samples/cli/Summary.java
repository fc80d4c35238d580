package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.ProcessorStats;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;

/** The table printed when a run ends (or is interrupted). */
final class Summary {

    /** What the table is made of. */
    record Figures(Tally tally, RunMeter meter, ProcessorStats stats, double costUsd, List<String> unpricedModels,
            long nanos, Path output, Path errors) {}

    private Summary() {}

    static void print(PrintStream out, Figures f) {
        Tally t = f.tally();
        double seconds = f.nanos() / 1e9;
        long ended = t.succeeded() + t.failed();
        long thisRun = ended + t.notRun();
        out.println();
        out.println("  items        " + (thisRun + t.resumed + t.rejected()) + "  (this run " + thisRun + ", resumed "
                + t.resumed + ", rejected input lines " + t.rejected() + ")");
        out.println("  succeeded    " + t.succeeded());
        out.println("  failed       " + t.failed() + (t.failedByKind().isEmpty() ? "" : "  " + t.failedByKind()));
        if (t.notRun() > 0) {
            out.println("  not run      " + t.notRun() + "  (not in the output: they run when you run the same command"
                    + " again)");
        }
        String why = f.meter().failedAttempts();
        out.println("  attempts     " + f.meter().attempts() + "  (retries " + f.meter().retries() + (why.isEmpty() ? "" : "; failed attempts: "
                + why) + ")");
        out.printf("  tokens       in %d (cached %d), out %d%n", f.stats().usage().inputTokens(),
                f.stats().usage().cachedInputTokens(), f.stats().usage().outputTokens());
        out.println("  cost         " + cost(f));
        out.printf("  throughput   %.1f items/s over %.1f s%n", ended / Math.max(seconds, 1e-3), seconds);
        out.println("  call latency " + percentiles(f.meter().callMillis) + "  (one call to the provider)");
        out.println("  worker wait  " + percentiles(t.waitMillis) + "  (queued for a free worker, cooldowns included)");
        out.println("  output       " + f.output() + (t.rejected() > 0 ? "\n  rejected     " + f.errors() : ""));
    }

    private static String cost(Figures f) {
        String priced = String.format(java.util.Locale.ROOT, "$%.4f", f.costUsd());
        if (f.unpricedModels().isEmpty()) {
            return priced;
        }
        return (f.costUsd() > 0 ? priced + " + " : "") + "unknown (no price for " + String.join(", ", f.unpricedModels())
                + ": give --price-input/--price-output or --catalog)";
    }

    private static String percentiles(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return "p50 " + h.getValueAtPercentile(50) + " ms, p95 " + h.getValueAtPercentile(95) + " ms, p99 "
                + h.getValueAtPercentile(99) + " ms";
    }
}
