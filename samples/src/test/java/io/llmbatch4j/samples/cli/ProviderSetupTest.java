package io.llmbatch4j.samples.cli;

import static io.llmbatch4j.samples.cli.CliRuns.lines;
import static io.llmbatch4j.samples.cli.CliRuns.llmbatch;
import static io.llmbatch4j.samples.cli.CliRuns.llmbatchWith;
import static io.llmbatch4j.samples.cli.CliRuns.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServerExtension;
import io.llmbatch4j.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Base URLs as pasted, keys and paths that cannot work, prices and request options. */
class ProviderSetupTest {

    @RegisterExtension
    static final FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    @TempDir
    Path dir;
    Path input;
    Path output;

    @BeforeEach
    void files() throws IOException {
        input = dir.resolve("in.jsonl");
        output = dir.resolve("out.jsonl");
        Files.writeString(input, tickets("p", 40));
    }

    private String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("run", "-i", input.toString(), "-o", output.toString(),
                "--progress", "off"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1", "/v1/", "/openai/v1"})
    void aBaseUrlAsProviderDocsPrintItWorks(String suffix) throws IOException {
        CliRuns.Run run = llmbatch(args("--base-url", fake.baseUrl() + suffix));

        assertThat(run.code()).isZero();
        assertThat(lines(output)).hasSize(40);
        String prefix = suffix.startsWith("/openai") ? "/openai" : "";
        assertThat(fake.server().requests()).extracting(RecordedRequest::path).containsOnly(prefix + "/v1/chat/completions");
    }

    @Test
    void aWrongKeyStopsTheRunAtOnceAndTheFixedRunRunsEveryItem() throws IOException {
        CliRuns.Run wrong = llmbatchWith(Map.of("OPENAI_API_KEY", "sk-wrong"),
                args("--base-url", fake.baseUrl(), "--workers", "4"));

        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("llmbatch: stopped: item").contains("401").contains("run the same command")
                .doesNotContain("sk-wrong");
        assertThat(fake.server().requests()).as("only the first calls were sent").hasSizeLessThanOrEqualTo(4);
        assertThat(wrong.figure("not run")).isEqualTo(40);
        assertThat(Files.readString(output)).as("no item is marked done").isEmpty();

        CliRuns.Run fixed = llmbatch(args("--base-url", fake.baseUrl(), "--workers", "4"));
        assertThat(fixed.code()).isZero();
        assertThat(lines(output)).hasSize(40).allMatch(r -> r.path("success").asBoolean());
    }

    @Test
    void aBaseUrlWithAWrongPathStopsTheRunAtOnce() {
        CliRuns.Run run = llmbatch(args("--base-url", fake.baseUrl() + "/not-an-api", "--workers", "4"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("stopped").contains("404");
        assertThat(fake.server().requests()).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void anUnsetApiKeyVariableIsABadUsageNamingIt() {
        CliRuns.Run run = llmbatchWith(Map.of(), args("--base-url", fake.baseUrl(), "--api-key-env", "GROQ_API_KEY"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--api-key-env GROQ_API_KEY: the variable is not set");
        assertThat(fake.server().requests()).isEmpty();
    }

    @Test
    void aModelWithoutPriceHasAnUnknownCostNotZero() throws IOException {
        CliRuns.Run run = llmbatch(args("--base-url", fake.baseUrl(), "--model", "my-local-model"));

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("warning: no price for model my-local-model");
        assertThat(run.out()).contains("cost         unknown (no price for my-local-model");
        assertThat(lines(output)).allMatch(r -> r.path("costUsd").isNull());
    }

    @Test
    void aBudgetIsRefusedUnlessEveryModelHasAPrice() throws IOException {
        Files.writeString(output, "kept\n");
        CliRuns.Run refused = llmbatch(args("--base-url", fake.baseUrl(), "--model", "my-local-model",
                "--budget", "1", "--restart"));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--budget cannot be kept: no price for model my-local-model")
                .contains("--price-input");
        assertThat(fake.server().requests()).isEmpty();
        assertThat(Files.readString(output)).as("a refused --restart empties nothing").isEqualTo("kept\n");

        CliRuns.Run priced = llmbatch(args("--base-url", fake.baseUrl(), "--model", "my-local-model",
                "--budget", "1", "--price-input", "0.5", "--price-output", "1.5", "--restart"));
        assertThat(priced.code()).isZero();
        assertThat(lines(output)).hasSize(40).allMatch(r -> r.path("costUsd").asDouble() > 0);

        Path catalog = dir.resolve("models.yaml");
        Files.writeString(catalog, "openai:\n  my-local-model: {inputPerMillion: 0.2, outputPerMillion: 0.6}\n");
        CliRuns.Run fromCatalog = llmbatch(args("--base-url", fake.baseUrl(), "--model", "my-local-model",
                "--budget", "1", "--catalog", catalog.toString(), "--restart"));
        assertThat(fromCatalog.code()).isZero();
        assertThat(fromCatalog.err()).doesNotContain("warning");
        assertThat(lines(output)).allMatch(r -> r.path("costUsd").asDouble() > 0);
    }

    @Test
    void maxTokensAndTemperatureAreSentAsEachModelTakesThem() throws IOException {
        Files.writeString(input, "{\"id\":\"a\",\"prompt\":\"Hi\"}\n{\"id\":\"b\",\"prompt\":\"Hi\",\"model\":\"o3\"}\n");

        CliRuns.Run run = llmbatch(args("--base-url", fake.baseUrl(), "--max-tokens", "50", "--temperature", "0.3"));

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("o3 takes only its default temperature");
        JsonNode mini = body("gpt-4.1-mini");
        assertThat(mini.path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(mini.path("temperature").asDouble()).isEqualTo(0.3);
        JsonNode o3 = body("o3");
        assertThat(o3.path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(o3.has("temperature")).isFalse();
    }

    private static JsonNode body(String model) {
        return fake.server().requests().stream().filter(r -> model.equals(r.model())).findFirst()
                .map(r -> CliRuns.JSON.readTree(r.body())).orElseThrow();
    }
}
