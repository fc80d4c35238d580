package io.llmbatch4j.observers;

import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A console progress report: done (of the total, when known), items/s, ETA, failures, tokens and
 * (with a cost source such as {@code costTracker::totalUsd}) cost.
 *
 * <p>On a terminal ({@code terminal = true}, by default when {@link System#console()} exists) one
 * line is redrawn in place with a carriage return and a bar; otherwise a plain line is printed at
 * most once per {@code interval}. Redraws are driven by the events and timed by their
 * {@link ProcessingEvent#time()} (the processor's scheduler clock), so the report needs no timer
 * and behaves the same on virtual time; a final line is always printed when a run completes.
 * Printing happens on the observer's own lane, never on a worker.
 */
public final class ProgressObserver implements ProcessingObserver {

    /** The least time between two reports unless set: one second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final Duration interval;
    private final boolean terminal;
    private final @Nullable DoubleSupplier cost;

    private @Nullable Instant started;
    private @Nullable Instant lastDrawn;
    private long succeeded;
    private long failed;
    private long tokens;
    private int lastWidth;

    private ProgressObserver(Builder b) {
        this.out = b.out;
        this.total = b.total;
        this.interval = b.interval;
        this.terminal = b.terminal;
        this.cost = b.cost;
    }

    /**
     * {@return a builder: {@code System.err}, total unknown, every second, in place when a console is attached}
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onEvent(ProcessingEvent event) {
        try {
            if (event instanceof ProcessingEvent.BatchStarted e) {
                started = e.time();
                lastDrawn = null;
                succeeded = 0;
                failed = 0;
                tokens = 0;
            } else if (event instanceof ProcessingEvent.ItemSucceeded e) {
                succeeded++;
                tokens += e.usage().total();
                maybeDraw(e.time());
            } else if (event instanceof ProcessingEvent.ItemFailed e) {
                failed++;
                tokens += e.usage().total();
                maybeDraw(e.time());
            } else if (event instanceof ProcessingEvent.BatchCompleted e) {
                draw(e.time());
                if (terminal) {
                    out.println();
                }
                out.flush();
            }
        } catch (RuntimeException e) {
            // a broken stream must not break the observer
        }
    }

    private void maybeDraw(Instant now) {
        if (lastDrawn == null || Duration.between(lastDrawn, now).compareTo(interval) >= 0) {
            draw(now);
        }
    }

    private void draw(Instant now) {
        lastDrawn = now;
        String line = line(now);
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            out.flush();
        } else {
            out.println(line);
        }
    }

    /** The report as of {@code now}. */
    String line(Instant now) {
        long done = succeeded + failed;
        double seconds = started == null ? 0 : Duration.between(started, now).toMillis() / 1000.0;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            double share = Math.min(1.0, (double) done / total);
            if (terminal) {
                int filled = (int) Math.round(share * BAR_WIDTH);
                sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
            }
            sb.append(String.format(Locale.ROOT, "%d/%d (%.1f%%)", done, total, share * 100));
        } else {
            sb.append(done).append(" done");
        }
        sb.append(String.format(Locale.ROOT, " | %.1f items/s", rate));
        if (total > 0 && done < total) {
            sb.append(" | ETA ").append(rate > 0 ? format(Duration.ofMillis((long) ((total - done) / rate * 1000))) : "?");
        }
        sb.append(" | failed ").append(failed).append(" | tokens ").append(tokens);
        if (cost != null) {
            sb.append(String.format(Locale.ROOT, " | $%.4f", cost.getAsDouble()));
        }
        return sb.toString();
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** Builds a {@link ProgressObserver}. */
    public static final class Builder {
        private PrintStream out = System.err;
        private long total;
        private Duration interval = DEFAULT_INTERVAL;
        private boolean terminal = System.console() != null;
        private @Nullable DoubleSupplier cost;

        private Builder() {}

        /**
         * Where to print (default {@code System.err}).
         *
         * @param out the stream to print to
         * @return this builder
         */
        public Builder out(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * The number of items of the run, for percent, bar and ETA; 0 (default) when unknown.
         *
         * @param total the item count
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder total(long total) {
            if (total < 0) {
                throw new IllegalArgumentException("total must be >= 0 (was " + total + ")");
            }
            this.total = total;
            return this;
        }

        /**
         * The least time between two reports (default 1 s).
         *
         * @param interval at least zero (zero: report on every event)
         * @return this builder
         * @throws IllegalArgumentException when null or negative
         */
        public Builder interval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("interval must be >= 0 (was " + interval + ")");
            }
            this.interval = interval;
            return this;
        }

        /**
         * Redraw in place (true) or print plain lines (false); default: whether a console is attached.
         *
         * @param terminal whether to redraw in place
         * @return this builder
         */
        public Builder terminal(boolean terminal) {
            this.terminal = terminal;
            return this;
        }

        /**
         * The live cost in USD to show, e.g. {@code costTracker::totalUsd}.
         *
         * @param cost the cost so far, read at each report
         * @return this builder
         */
        public Builder cost(DoubleSupplier cost) {
            this.cost = Objects.requireNonNull(cost, "cost");
            return this;
        }

        /** {@return the observer} */
        public ProgressObserver build() {
            return new ProgressObserver(this);
        }
    }
}
