package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.LatencySummary;
import io.llmbatch4j.core.ProcessorStats;
import java.io.PrintStream;
import java.nio.file.Path;

/** The table printed when a run ends. */
final class Summary {

    private Summary() {}

    static void print(PrintStream out, RunJob.Tally t, ProcessorStats stats, long nanos, Path output, Path errors) {
        double seconds = nanos / 1e9;
        long ran = t.succeeded + t.failed;
        LatencySummary l = stats.latency();
        out.println();
        out.println("  items        " + (ran + t.resumed + t.rejected) + "  (this run " + ran + ", resumed "
                + t.resumed + ", rejected input lines " + t.rejected + ")");
        out.println("  succeeded    " + t.succeeded);
        out.println("  failed       " + t.failed + (t.failedByKind.isEmpty() ? "" : "  " + t.failedByKind));
        out.println("  attempts     " + (ran + stats.retries()) + "  (retries " + stats.retries() + ", rate limited "
                + stats.rateLimitCount() + ")");
        out.printf("  tokens       in %d (cached %d), out %d%n", stats.usage().inputTokens(),
                stats.usage().cachedInputTokens(), stats.usage().outputTokens());
        out.printf("  cost         $%.4f%n", t.costUsd);
        out.printf("  throughput   %.1f items/s over %.1f s%n", ran / Math.max(seconds, 1e-3), seconds);
        out.printf("  latency      p50 %d ms, p95 %d ms, p99 %d ms%n", l.p50().toMillis(), l.p95().toMillis(),
                l.p99().toMillis());
        out.println("  output       " + output + (t.rejected > 0 ? "\n  rejected     " + errors : ""));
    }
}
