package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.ProcessorStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A progress line while the run goes: done / total (when the input size is known), items/s,
 * ETA, failures, tokens and cost. Redrawn in place on a terminal, a plain line every few seconds
 * otherwise (a log file, CI). Reads counters only; never blocks the run.
 */
final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final Supplier<ProcessorStats> stats;
    private final AtomicLong costMicros;
    private final long startNanos = System.nanoTime();

    Progress(PrintStream out, boolean terminal, long total, Supplier<ProcessorStats> stats, AtomicLong costMicros) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.stats = stats;
        this.costMicros = costMicros;
    }

    Disposable start() {
        Duration every = terminal ? Duration.ofMillis(250) : Duration.ofSeconds(5);
        return Flux.interval(every, every, Schedulers.single()).subscribe(t -> print(false));
    }

    void finish() {
        if (terminal) {
            print(true);
        }
    }

    private void print(boolean last) {
        ProcessorStats s = stats.get();
        long done = s.completed();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder();
        if (total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / Math.max(1, total));
            line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(done).append('/').append(total);
            if (rate > 0 && done < total) {
                line.append("  ETA ").append(formatSeconds((total - done) / rate));
            }
        } else {
            line.append(done).append(" done");
        }
        line.append(String.format("  %.1f items/s  failed %d  workers %d  tokens %d/%d  $%.4f", rate, s.failed(),
                s.inFlight(), s.usage().inputTokens(), s.usage().outputTokens(), costMicros.get() / 1e6));
        if (s.cooldownActive()) {
            line.append("  (rate-limit cooldown)");
        }
        if (terminal) {
            out.print("\r" + line + "   " + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String formatSeconds(double seconds) {
        long s = (long) Math.ceil(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
