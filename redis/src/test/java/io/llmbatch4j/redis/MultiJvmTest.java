package io.llmbatch4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real child JVMs ({@link QuotaChild}) sharing one budget through a real redis-server. */
class MultiJvmTest {

    private static final int RPM = 6_000; // 100 requests/s
    private RedisServer redis;
    private final List<Child> children = new ArrayList<>();

    /** A child JVM and the calls it reported. */
    private static final class Child {
        final Process process;
        final ConcurrentLinkedQueue<Long> calls = new ConcurrentLinkedQueue<>();
        volatile String done;

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("call ")) {
                            calls.add(Long.parseLong(line.substring(5)));
                        } else if (line.startsWith("done ")) {
                            done = line;
                        }
                    }
                } catch (Exception ignored) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }
    }

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.startOrSkip();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Child c : children) {
            c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    private Child start(String bucket, int items, int leaseMillis) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                QuotaChild.class.getName(), redis.uri(), bucket, Integer.toString(items), Integer.toString(RPM),
                Integer.toString(leaseMillis)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Child c = new Child(p);
        children.add(c);
        return c;
    }

    @Test
    void threeJvmsKeepToOneSharedBudget() throws Exception {
        List<Child> jvms = List.of(start("three", 100, 1000), start("three", 100, 1000), start("three", 100, 1000));
        for (Child c : jvms) {
            assertThat(c.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(c.done).startsWith("done 100 ");
        }
        List<Long> all = jvms.stream().flatMap(c -> c.calls.stream()).sorted().toList();
        assertThat(all).hasSize(300);
        double seconds = (all.get(299) - all.get(0)) / 1000.0;
        double rate = 299 / seconds;
        System.out.printf("3 JVMs, one budget of 100/s: 300 calls in %.2f s = %.1f/s; %s%n", seconds, rate,
                jvms.stream().map(c -> c.done).toList());
        // each JVM alone may go 100/s: without sharing, three would reach up to 300/s
        assertThat(rate).as("aggregate calls/s of three JVMs sharing 100/s").isLessThan(112);
        long redisCalls = jvms.stream().mapToLong(c -> Long.parseLong(c.done.split(" ")[2])).sum();
        assertThat(redisCalls).as("Redis round trips for 300 reservations").isLessThan(100);
    }

    @Test
    void whenOneJvmIsKilledTheOtherTakesTheWholeBudgetWithinTwoLeaseTimes() throws Exception {
        int leaseMillis = 500;
        Child victim = start("kill", 2_000, leaseMillis);
        Child survivor = start("kill", 700, leaseMillis);
        await(() -> victim.calls.size() >= 60 && survivor.calls.size() >= 60);
        victim.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killedAt = System.currentTimeMillis();
        long from = killedAt + 2L * leaseMillis;
        long to = from + 1_000;
        await(() -> System.currentTimeMillis() > to + 100 || survivor.done != null);
        long inWindow = survivor.calls.stream().filter(t -> t >= from && t < to).count();
        System.out.printf("survivor after a SIGKILL: %d calls/s in the second after two lease times%n", inWindow);
        assertThat(survivor.done).as("the survivor was still busy through the window").isNull();
        assertThat(inWindow).as("survivor's calls/s (quota 100/s)").isGreaterThanOrEqualTo(90);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
