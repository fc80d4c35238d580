package io.llmbatch4j.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs node (and npm) with Prism's packages on {@code NODE_PATH}; every process is waited for or killed. */
final class Node {

    /** What a finished process printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {}

    private Node() {}

    /** A process builder for {@code command}, with Prism's packages on NODE_PATH and output to {@code log}. */
    static ProcessBuilder builder(List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.environment().put("NODE_PATH", PrismInstall.home().resolve("node_modules").toString());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("FORCE_COLOR", "0");
        return pb;
    }

    /**
     * Runs node with the alias shim preloaded (the specs' scripts {@code require('@stoplight/prism-http')};
     * the Stainless build of Prism ships it as {@code @stainless-api/prism-http}), installing Prism first.
     */
    static Result script(Path script, Duration timeout, String... args) {
        PrismInstall.ensureInstalled();
        List<String> command = new ArrayList<>(List.of("node", "-r",
                ContractPaths.scripts().resolve("alias-prism-http.js").toString(), script.toString()));
        command.addAll(List.of(args));
        return run(command, timeout);
    }

    /** Runs {@code command} to its end, killing it (and its children) after {@code timeout}. */
    static Result run(List<String> command, Duration timeout) {
        try {
            Path log = Files.createTempFile(ContractPaths.work(), "node-", ".log");
            Process p;
            try {
                p = builder(command, log).start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + command.get(0) + " (node and npm must be on the "
                        + "PATH for the contract tests): " + e.getMessage(), e);
            }
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                            + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
            } finally {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
