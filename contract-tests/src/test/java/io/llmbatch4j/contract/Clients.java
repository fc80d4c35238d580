package io.llmbatch4j.contract;

import io.llmbatch4j.providers.ProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** Provider configs pointed at a gate, and the request counts of the run (for the closing note). */
final class Clients {

    static final String API_KEY = "sk-test";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Clients() {}

    static ProviderConfig.Builder openAi(SpecGate gate) {
        return ProviderConfig.openAi().baseUrl(gate.baseUrl()).apiKey(API_KEY).requestTimeout(TIMEOUT);
    }

    static ProviderConfig.Builder anthropic(SpecGate gate) {
        return ProviderConfig.anthropic().baseUrl(gate.baseUrl()).apiKey(API_KEY).requestTimeout(TIMEOUT);
    }

    static ProviderConfig.Builder gemini(SpecGate gate) {
        return ProviderConfig.gemini().baseUrl(gate.baseUrl()).apiKey(API_KEY).requestTimeout(TIMEOUT);
    }

    /** Appends "{@code suite provider count}" to target/contract/requests.txt. */
    static void logCount(String suite, String provider, SpecGate gate) {
        String line = suite + " " + provider + " " + gate.count() + System.lineSeparator();
        try {
            Files.writeString(ContractPaths.work().resolve("requests.txt"), line, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
