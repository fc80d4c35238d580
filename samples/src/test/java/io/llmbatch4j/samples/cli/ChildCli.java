package io.llmbatch4j.samples.cli;

import io.llmbatch4j.testkit.FakeServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CLI as a child JVM (its own process, locks, signals and stderr), with the testkit's OpenAI key. */
final class ChildCli {

    private ChildCli() {}

    /**
     * Starts {@code llmbatch args}. A JVM started with SIGINT ignored (a background job's
     * inheritance) never runs its shutdown hooks on Ctrl-C, so the child gets SIGINT's default back.
     */
    static Process start(List<String> args, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (sigintIgnored()) {
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LlmBatch.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        pb.environment().put("OPENAI_API_KEY", FakeServerConfig.DEFAULT_OPENAI_KEY);
        return pb.start();
    }

    /** Ctrl-C: SIGINT to the child. */
    static void interrupt(Process child) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -INT " + child.pid() + " failed");
        }
    }

    /** Waits until {@code output} holds {@code lines} complete lines; false if the child ended first. */
    static boolean waitForLines(Path output, int lines, Process child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                return false;
            }
            if (Files.exists(output) && completeLines(output) >= lines) {
                return true;
            }
            Thread.sleep(5); // polling a child process's progress, not timing anything
        }
        return false;
    }

    static long completeLines(Path output) throws IOException {
        byte[] bytes = Files.readAllBytes(output);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseLong(line.substring(7).trim(), 16) & 2) != 0; // bit 1: signal 2, SIGINT
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: assume the default
        }
        return false;
    }
}
