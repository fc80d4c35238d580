package io.llmbatch4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Ctrl-C (or a plain {@code kill}) during a run: a shutdown hook stops further results from being
 * counted or written, persists the output, and prints the summary so far with how to go on. The
 * output then holds exactly the items counted as done, so the same command resumes from there.
 */
final class Interruption {

    private final Thread hook;

    private Interruption(Thread hook) {
        this.hook = hook;
    }

    static Interruption install(PrintStream out, Tally tally, ResultLog results, Supplier<Summary.Figures> figures) {
        Thread hook = new Thread(() -> {
            tally.interrupt();
            try {
                results.force();
            } catch (IOException | RuntimeException e) {
                // the lines already reached the OS; the disk flush is a bonus
            }
            out.println();
            out.println("Interrupted.");
            Summary.print(out, figures.get());
            out.println("Run the same command to resume: the " + (tally.succeeded() + tally.failed())
                    + " items done in this run are in the output and will be skipped.");
            out.flush();
        }, "llmbatch-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Interruption(hook);
    }

    /** The run ended by itself: no hook any more. */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it printed the summary
        }
    }
}
