package io.llmbatch4j.testkit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link FakeLlmServer} from the command line until Ctrl-C, so a person can point curl or a
 * client at it:
 * <pre>
 * java -cp ... io.llmbatch4j.testkit.FakeLlmServerMain --port 8089 --latency-ms 200 --rpm 60 --tpm 40000 \
 *     --fault 503=0.05 --fault reset=0.01 --seed 7
 * </pre>
 * Flags: {@code --port N} (0 = free), {@code --latency-ms N} or {@code --latency-ms MIN-MAX} (uniform),
 * {@code --rpm N}, {@code --tpm N} (per minute and key, 0 = unlimited), {@code --window-seconds N}
 * (the quota window instead of a minute), {@code --fault NAME=SHARE} (repeatable; names 500, 502, 503,
 * 529, reset, malformed, hang), {@code --fault-rate SHARE} (503 at that share), {@code --seed N},
 * {@code --help}. A bad flag or value ends with exit code 2 and a message naming the flag.
 */
public final class FakeLlmServerMain {

    private FakeLlmServerMain() {}

    /**
     * Starts the server with the flags' settings, prints its address and keys, and runs until the process is
     * stopped.
     *
     * @param args the flags described on the class
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        FakeServerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fake-llm-server: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.println(usage());
            return;
        }
        FakeLlmServer server = FakeLlmServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-llm-shutdown"));
        describe(server, System.out);
        stopped.await();
    }

    /** Prints the base URL, the keys and example calls. */
    static void describe(FakeLlmServer server, PrintStream out) {
        FakeServerConfig c = server.config();
        out.println("Fake LLM server listening on " + server.baseUrl() + " (Ctrl-C to stop)");
        out.println("  OpenAI    POST " + server.baseUrl() + "/v1/chat/completions   Authorization: Bearer " + c.openAiKey());
        out.println("  Anthropic POST " + server.baseUrl() + "/v1/messages           x-api-key: " + c.anthropicKey()
                + "  anthropic-version: 2023-06-01");
        out.println("  Gemini    POST " + server.baseUrl() + "/v1beta/models/{model}:generateContent   x-goog-api-key: "
                + c.geminiKey());
        out.println("  " + c);
        out.println("Try: curl -s " + server.baseUrl() + "/v1/chat/completions -H 'Authorization: Bearer " + c.openAiKey()
                + "' -H 'Content-Type: application/json' -d '{\"model\":\"gpt-4.1-mini\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}'");
    }

    /**
     * The config the flags describe; {@code null} for {@code --help}.
     *
     * @throws IllegalArgumentException naming the bad flag
     */
    static @Nullable FakeServerConfig parse(String[] args) {
        FakeServerConfig.Builder b = FakeServerConfig.builder();
        FaultRates.Builder faults = FaultRates.builder();
        long rpm = 0;
        long tpm = 0;
        long windowSeconds = 60;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0 && !flag.startsWith("--fault=") ) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (flag.startsWith("--fault=")) {
                value = flag.substring("--fault=".length());
                flag = "--fault";
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + ": missing value");
                }
                value = args[++i];
            }
            try {
                switch (flag) {
                    case "--port" -> b.port(Integer.parseInt(value));
                    case "--seed" -> b.seed(Long.parseLong(value));
                    case "--latency-ms" -> b.latency(latency(value));
                    case "--rpm" -> rpm = Long.parseLong(value);
                    case "--tpm" -> tpm = Long.parseLong(value);
                    case "--window-seconds" -> windowSeconds = Long.parseLong(value);
                    case "--fault-rate" -> faults.http503(Double.parseDouble(value));
                    case "--fault" -> {
                        int sep = value.indexOf('=');
                        if (sep <= 0) {
                            throw new IllegalArgumentException("expected NAME=SHARE, e.g. 503=0.05");
                        }
                        faults.set(value.substring(0, sep), Double.parseDouble(value.substring(sep + 1)));
                    }
                    default -> throw new IllegalArgumentException("unknown flag");
                }
            } catch (IllegalArgumentException e) {
                String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
                errors.add(flag + " " + value + ": " + why);
            }
        }
        try {
            b.quota(Quota.of(rpm, tpm, Duration.ofSeconds(windowSeconds)));
        } catch (IllegalArgumentException e) {
            errors.add("--rpm/--tpm/--window-seconds: " + e.getMessage());
        }
        try {
            b.faults(faults.build());
        } catch (IllegalArgumentException e) {
            errors.add("--fault: " + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("port must", "--port must"));
        }
    }

    private static LatencyProfile latency(String value) {
        int dash = value.indexOf('-');
        if (dash > 0) {
            return LatencyProfile.uniform(Duration.ofMillis(Long.parseLong(value.substring(0, dash))),
                    Duration.ofMillis(Long.parseLong(value.substring(dash + 1))));
        }
        return LatencyProfile.fixed(Duration.ofMillis(Long.parseLong(value)));
    }

    static String usage() {
        return "usage: FakeLlmServerMain [--port N] [--seed N] [--latency-ms N|MIN-MAX] [--rpm N] [--tpm N] "
                + "[--window-seconds N] [--fault NAME=SHARE]... [--fault-rate SHARE]\n"
                + "  fault names: 500, 502, 503, 529, reset, malformed, hang";
    }
}
