package io.llmbatch4j.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.spring.boot.LlmCalls;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The service as configured by its application.yaml, its provider the testkit's fake server on loopback. */
@SpringBootTest
class ClassifierApplicationTest {

    private static final FakeLlmServer FAKE = FakeLlmServer.start();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        FAKE.endpoint(Provider.OPENAI, (url, key) -> {
            registry.add("llmbatch4j.providers.openai.base-url", () -> url);
            registry.add("llmbatch4j.providers.openai.api-key", () -> key);
            return null;
        });
    }

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    @Autowired
    private ApplicationContext context;

    private WebTestClient client() {
        return WebTestClient.bindToApplicationContext(context).build();
    }

    @Test
    void classifyMakesOneCallThroughThePoolConfiguredByTheYaml() {
        int before = FAKE.requests().size();
        ClassifierController.Label label = client().post().uri("/classify").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", "t1", "text", "I was charged twice for my order")).exchange()
                .expectStatus().isOk().expectBody(ClassifierController.Label.class).returnResult().getResponseBody();

        assertThat(label.label()).isNotBlank();
        assertThat(label.inputTokens()).isPositive();
        assertThat(FAKE.requests()).hasSize(before + 1);
        assertThat(FAKE.requests().get(before).path()).endsWith("/v1/chat/completions");
        assertThat(context.getBean(LlmCalls.class).pool().stats().maxWorkers()).as("pool.max-workers: 32").isEqualTo(32);
    }

    @Test
    void aJobStreamsOneNdjsonLinePerTicket() {
        String body = IntStream.range(0, 25).mapToObj(i -> "{\"id\":\"t" + i + "\",\"text\":\"ticket " + i + "\"}")
                .collect(Collectors.joining("\n"));
        List<ClassifierController.JobLine> lines = client().post().uri("/jobs").contentType(MediaType.APPLICATION_NDJSON)
                .accept(MediaType.APPLICATION_NDJSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .returnResult(ClassifierController.JobLine.class).getResponseBody().collectList()
                .block(Duration.ofSeconds(10)); // a job's processor closes without stalling its stream

        assertThat(lines).hasSize(25).allSatisfy(l -> {
            assertThat(l.success()).isTrue();
            assertThat(l.label()).isNotBlank();
        });
        assertThat(lines).extracting(ClassifierController.JobLine::id)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 25).mapToObj(i -> "t" + i).toList());
    }

    @Test
    void healthAndTheLlmbatchEndpointAreExposed() {
        client().post().uri("/classify").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", "t9", "text", "cannot log in")).exchange().expectStatus().isOk();

        client().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.llmbatch.status").isEqualTo("UP");
        client().get().uri("/actuator/llmbatch").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.admitting").isEqualTo(true)
                .jsonPath("$.workerLimit").isEqualTo(32)
                .jsonPath("$.pool.started").value(n -> assertThat(((Number) n).longValue()).isPositive());
    }
}
