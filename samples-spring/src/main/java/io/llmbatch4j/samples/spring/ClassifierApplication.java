package io.llmbatch4j.samples.spring;

import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.Provider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A ticket-classification service on the llmbatch4j starter, configured by {@code application.yaml} only:
 * {@code POST /classify} makes one call through the shared pool, {@code POST /jobs} streams a batch job's
 * results as NDJSON; {@code /actuator/health} and {@code /actuator/llmbatch} show its state.
 *
 * <p>Without {@code OPENAI_API_KEY} in the environment it starts the testkit's fake provider on 127.0.0.1
 * and points the {@code openai} provider at it (saying so on the console), so it runs anywhere.
 */
@SpringBootApplication
public class ClassifierApplication {

    /**
     * Starts the service.
     *
     * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
     */
    public static void main(String[] args) {
        List<String> all = new ArrayList<>(List.of(args));
        FakeLlmServer fake = null;
        String key = System.getenv("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            fake = FakeLlmServer.start();
            System.out.println("OPENAI_API_KEY is not set: using the testkit's fake provider at " + fake.baseUrl());
            all.addAll(fake.endpoint(Provider.OPENAI, (url, k) -> List.of("--llmbatch4j.providers.openai.base-url=" + url,
                    "--llmbatch4j.providers.openai.api-key=" + k)));
        }
        ConfigurableApplicationContext ctx = SpringApplication.run(ClassifierApplication.class, all.toArray(String[]::new));
        if (fake != null) {
            FakeLlmServer server = fake;
            ctx.addApplicationListener(e -> {
                if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                    server.close();
                }
            });
        }
    }
}
