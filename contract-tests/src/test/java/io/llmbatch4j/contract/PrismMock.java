package io.llmbatch4j.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code prism mock} child process on a free loopback port. {@link #close()} ends it (and any
 * child it made); a JVM shutdown hook does the same if the test JVM dies before that.
 */
final class PrismMock implements AutoCloseable {

    private final Spec spec;
    private final Process process;
    private final Path log;
    private final int port;
    private final Thread hook;

    private PrismMock(Spec spec, Process process, Path log, int port) {
        this.spec = spec;
        this.process = process;
        this.log = log;
        this.port = port;
        this.hook = new Thread(this::kill, "stop-prism-" + spec);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts serving {@link Spec#served()}; call {@link #awaitReady(Duration)} before use. */
    static PrismMock start(Spec spec, Path cli) {
        int port = freePort();
        Path log = ContractPaths.work().resolve("prism-" + spec.name().toLowerCase() + ".log");
        List<String> command = new ArrayList<>(List.of("node", cli.toString(), "mock", "-h", "127.0.0.1",
                "-p", String.valueOf(port)));
        if (spec.errors) {
            command.add("--errors");
        }
        command.add(spec.served().toString());
        try {
            return new PrismMock(spec, Node.builder(command, log).start(), log, port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Prism for " + spec + " (node must be on the PATH)", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the mock answers HTTP (any status); fails with its log when it dies or is too slow. */
    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/__ready")).timeout(Duration.ofSeconds(5))
                .GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prism for " + spec + " exited with " + process.exitValue()
                        + ":\n" + logTail());
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException e) {
                sleep();
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("Prism for " + spec + " did not answer within " + timeout + ":\n" + logTail());
    }

    String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it kills the process anyway
        }
    }

    private void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "PrismMock[" + spec + ", " + baseUrl() + ", pid " + process.pid() + "]";
    }
}
