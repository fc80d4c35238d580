package io.llmbatch4j.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Debian {@code redis-server} as a child process on a free loopback port with its own
 * temporary directory, no persistence. {@link #close()} stops it in every outcome; {@link #kill()}
 * and {@link #start()} take it down and bring it back on the same port for fault tests.
 */
final class RedisServer implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");

    private final String binary;
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(String binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /** Starts a server, or skips the calling test with a clear message when redis-server is not installed. */
    static RedisServer startOrSkip() throws IOException {
        String binary = CANDIDATES.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        assumeTrue(binary != null, "redis-server is not installed (apt-get install redis-server; .ci/run does it): "
                + "the Redis tests are skipped");
        RedisServer s = new RedisServer(binary, freePort(), Files.createTempDirectory("llmbatch-redis"));
        s.start();
        return s;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts (again) on the same port and waits until it accepts connections. */
    void start() throws IOException {
        process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited: " + log());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        throw new IOException("redis-server did not listen on " + port + " within 10 s: " + log());
    }

    /** SIGKILLs the server and waits for it to be gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code redis-cli}-free commands by RESP over a plain socket: {@code INFO commandstats} etc. */
    String command(String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder resp = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                resp.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.setSoTimeout(2000);
            byte[] buf = new byte[1 << 16];
            StringBuilder out = new StringBuilder();
            int n = socket.getInputStream().read(buf);
            out.append(new String(buf, 0, Math.max(0, n), StandardCharsets.UTF_8));
            socket.setSoTimeout(100);
            try {
                while ((n = socket.getInputStream().read(buf)) > 0) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.net.SocketTimeoutException done) {
                // the reply is complete
            }
            return out.toString();
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
