package io.llmbatch4j.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft combined mode ({@code kafka.Kafka} from
 * {@code org.apache.kafka:kafka_2.13}), run as a child JVM on free loopback ports with its log
 * directory in a temporary folder: formatted with {@code kafka.tools.StorageTool --standalone},
 * ready when the admin client describes the cluster. {@link #kill()} and {@link #restart()} keep
 * the ports and the data; {@link #close()} stops it and deletes the folder. The classpath is this
 * JVM's, so it must hold {@code kafka_2.13} (test scope here; the benchmarks' compile scope).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final Path properties;
    private Process process;

    private KafkaBroker(Path dir, int port, Path properties) throws IOException {
        this.dir = dir;
        this.port = port;
        this.properties = properties;
        this.process = launch();
    }

    /**
     * Formats and starts a broker, waiting until it answers.
     *
     * @param extra broker settings laid over the defaults
     * @return the running broker
     * @throws IOException when the folder or the child process cannot be made
     */
    public static KafkaBroker start(Map<String, String> extra) throws IOException {
        Path dir = Files.createTempDirectory("llmbatch-kafka-");
        try {
            int port = freePort();
            int controller = freePort();
            Path props = dir.resolve("server.properties");
            List<String> lines = new ArrayList<>(List.of("process.roles=broker,controller", "node.id=1",
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                    "log.dirs=" + dir.resolve("data"), "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=4", "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1", "transaction.state.log.num.partitions=4",
                    "group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000",
                    "num.partitions=1", "auto.create.topics.enable=true"));
            extra.forEach((k, v) -> lines.add(k + "=" + v));
            Files.write(props, lines);
            Process format = java(dir.resolve("format.log"), "kafka.tools.StorageTool", "format", "-t",
                    Uuid.randomUuid().toString(), "-c", props.toString(), "--standalone");
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IOException("formatting the broker's storage failed: " + Files.readString(
                        dir.resolve("format.log")));
            }
            KafkaBroker broker = new KafkaBroker(dir, port, props);
            broker.awaitReady();
            return broker;
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(dir);
            throw new IOException("interrupted", e);
        }
    }

    /** {@return {@code 127.0.0.1:port}} */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@return a new admin client of this broker; the caller closes it} */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /**
     * Creates topics with one replica.
     *
     * @param partitions the partition count of each
     * @param names the topics
     */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = admin()) {
            admin.createTopics(Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("creating " + List.of(names) + " failed", e);
        }
    }

    /** Kills the broker's JVM (SIGKILL), keeping its data and ports. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker again on the same ports and data, waiting until it answers. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        process = launch();
        awaitReady();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 10 s) and deletes its folder. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            delete(dir);
        }
    }

    private Process launch() throws IOException {
        return java(dir.resolve("broker.log"), "kafka.Kafka", properties.toString());
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("the broker exited: " + tail());
                }
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        process.destroyForcibly();
                        throw new IOException("the broker did not answer within " + READY_TIMEOUT + ": " + tail(), e);
                    }
                }
            }
        }
    }

    private String tail() throws IOException {
        String log = Files.readString(dir.resolve("broker.log"));
        return log.substring(Math.max(0, log.length() - 3_000));
    }

    private static Process java(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is not worth failing a test for
        }
    }
}
