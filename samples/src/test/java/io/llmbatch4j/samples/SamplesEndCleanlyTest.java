package io.llmbatch4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.samples.patterns.ContextCachingSample;
import io.llmbatch4j.samples.patterns.CostTrackingSample;
import io.llmbatch4j.samples.patterns.DynamicWorkersSample;
import io.llmbatch4j.samples.patterns.LoggingMiddlewareSample;
import io.llmbatch4j.samples.patterns.ModelEscalationSample;
import io.llmbatch4j.samples.patterns.ValidationFeedbackSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What a sample's {@code main} creates (fake servers, transports, processors, pools) it disposes:
 * when {@code main} returns, no thread it started is left but Reactor's shared daemon pools, so
 * {@code java} and {@code mvn exec:java} return at once. And the console shows the sample's output,
 * not the validator's INFO banner.
 */
class SamplesEndCleanlyTest {

    /** Reactor's process-wide pools: daemon threads, shared by every user of Reactor in the JVM. */
    private static final Set<String> SHARED_POOLS = Set.of("parallel", "boundedElastic", "boundedElastic-evictor", "single", "reactor-http-nio",
            "reactor-http-epoll");

    static Stream<Class<?>> samples() {
        return Stream.of(QuickStartSample.class, ReadmeExamples.class, PoolServiceSample.class,
                ContextCachingSample.class, CostTrackingSample.class, DynamicWorkersSample.class,
                LoggingMiddlewareSample.class, ModelEscalationSample.class, ValidationFeedbackSample.class);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void mainLeavesOnlyReactorsSharedDaemonPoolsRunning(Class<?> sample) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        sample.getMethod("main", String[].class).invoke(null, (Object) new String[0]);

        List<Thread> left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(t -> !SHARED_POOLS.contains(t.getName().replaceAll("-\\d+$", ""))).toList();
        for (Thread t : left) {
            t.join(TimeUnit.SECONDS.toMillis(10)); // a disposed pool's threads end shortly after dispose returns
        }
        assertThat(left.stream().filter(Thread::isAlive).map(t -> t.getName() + (t.isDaemon() ? "" : " (non-daemon)")))
                .as("threads %s left running", sample.getSimpleName()).isEmpty();
    }

    @Test
    void theValidatorsInfoBannerIsNotPrinted() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), QuickStartSample.class.getName(), "20")
                .redirectErrorStream(true).start();
        String console = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(console).contains("20 simulated tickets").doesNotContain("HV000001").doesNotContain("Hibernate Validator");
    }
}
