package io.llmbatch4j.samples.spring.startup;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The starter's start-up time contribution: {@link StartupProbe} in fresh JVMs, alternately with the
 * llmbatch4j auto-configuration (transport, catalog, an OpenAI client, pool, health, endpoint, metrics) and
 * without it ({@code spring.autoconfigure.exclude}), 2 warm-up + 9 measured runs each; medians of the JVM
 * uptime at context-ready.
 */
public final class StartupBench {

    private static final String EXCLUDE = "--spring.autoconfigure.exclude="
            + "io.llmbatch4j.spring.boot.LlmBatchObservabilityAutoConfiguration,"
            + "io.llmbatch4j.spring.boot.LlmBatchRedisAutoConfiguration,"
            + "io.llmbatch4j.spring.boot.LlmBatchAutoConfiguration,"
            + "io.llmbatch4j.spring.boot.LlmBatchActuatorAutoConfiguration";
    private static final String WITH = "--llmbatch4j.providers.openai.api-key=sk-startup-bench";

    private StartupBench() {}

    /**
     * Runs the comparison and prints the medians.
     *
     * @param args unused
     * @throws Exception when a child JVM cannot be run
     */
    public static void main(String[] args) throws Exception {
        String classpath = classpath();
        List<Long> with = new ArrayList<>();
        List<Long> without = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long w = run(classpath, WITH);
            long wo = run(classpath, EXCLUDE);
            if (i >= 2) {
                with.add(w);
                without.add(wo);
            }
        }
        Collections.sort(with);
        Collections.sort(without);
        long mw = with.get(with.size() / 2);
        long mwo = without.get(without.size() / 2);
        System.out.printf("startup: WebFlux + actuator app, JVM uptime at context-ready, median of %d runs each"
                + " (alternating, fresh JVMs)%n", with.size());
        System.out.printf("startup: without llmbatch4j %d ms (min %d, max %d); with the starter %d ms (min %d, max %d)%n",
                mwo, without.get(0), without.get(without.size() - 1), mw, with.get(0), with.get(with.size() - 1));
        System.out.printf("startup: the starter adds %d ms%n", mw - mwo);
    }

    private static long run(String classpath, String arg) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", classpath, StartupProbe.class.getName(), "--server.port=0",
                "--logging.level.root=WARN", arg).redirectErrorStream(true).start();
        long ms = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("STARTUP_MS ")) {
                    ms = Long.parseLong(line.split(" ")[1]);
                }
            }
        }
        if (p.waitFor() != 0 || ms < 0) {
            throw new IllegalStateException("the probe failed with " + arg);
        }
        return ms;
    }

    /** exec:java's project class path (its class loader's URLs), else this JVM's. */
    private static String classpath() throws URISyntaxException {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader l && l.getURLs().length > 0) {
            List<String> parts = new ArrayList<>();
            for (URL u : l.getURLs()) {
                parts.add(Path.of(u.toURI()).toString());
            }
            return String.join(File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }
}
