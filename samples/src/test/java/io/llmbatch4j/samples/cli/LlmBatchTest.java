package io.llmbatch4j.samples.cli;

import static io.llmbatch4j.samples.cli.CliRuns.lines;
import static io.llmbatch4j.samples.cli.CliRuns.llmbatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class LlmBatchTest {

    @RegisterExtension
    static final FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    @TempDir
    Path dir;

    @Test
    void writesOneResultPerGoodLineAndReportsBadLinesWithTheirNumbers() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\":\"a\",\"prompt\":\"Classify: I was charged twice\",\"context\":{\"channel\":\"email\"}}",
                "not json at all",
                "{\"id\":\"b\"}",
                "",
                "{\"id\":\"c\",\"prompt\":\"Classify: the app crashes\",\"model\":\"gpt-4.1-nano\"}",
                "{\"id\":\"a\",\"prompt\":\"again\"}",
                "{\"id\":7,\"prompt\":\"numeric ids are fine\"}"));
        Path output = dir.resolve("out.jsonl");

        CliRuns.Run run = llmbatch("run", "--input", input.toString(), "--output", output.toString(),
                "--base-url", fake.baseUrl(), "--progress", "off");

        assertThat(run.code()).as("rejected lines make the exit code 1").isEqualTo(1);
        List<JsonNode> results = lines(output);
        assertThat(results).extracting(r -> r.path("id").asString()).containsExactlyInAnyOrder("a", "c", "7");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.path("success").asBoolean()).isTrue();
            assertThat(r.path("output").asString()).isNotBlank();
            assertThat(r.path("tokens").path("input").asLong()).isPositive();
            assertThat(r.path("costUsd").asDouble()).isPositive();
        });
        JsonNode c = results.stream().filter(r -> r.path("id").asString().equals("c")).findFirst().orElseThrow();
        assertThat(c.path("model").asString()).startsWith("gpt-4.1-nano");
        JsonNode a = results.stream().filter(r -> r.path("id").asString().equals("a")).findFirst().orElseThrow();
        assertThat(a.path("context").path("channel").asString()).isEqualTo("email");
        assertThat(a.path("line").asInt()).isEqualTo(1);

        List<JsonNode> rejected = lines(Path.of(output + ".errors.jsonl"));
        assertThat(rejected).extracting(r -> r.path("line").asInt()).containsExactly(2, 3, 6);
        assertThat(rejected.get(0).path("error").asString()).contains("not valid JSON");
        assertThat(rejected.get(1).path("error").asString()).contains("'prompt'");
        assertThat(rejected.get(2).path("error").asString()).contains("duplicate id 'a'");
        assertThat(run.out()).contains("succeeded    3").contains("rejected input lines 3");
    }

    @Test
    void aRerunSkipsFinishedItemsAndDropsATornLastLine() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, CliRuns.tickets("t", 20));
        Path output = dir.resolve("out.jsonl");
        assertThat(llmbatch("run", "-i", input.toString(), "-o", output.toString(), "--base-url", fake.baseUrl(),
                "--progress", "off").code()).isZero();
        List<String> all = Files.readAllLines(output);
        // a crash mid-write: keep 12 complete lines and half of the 13th
        Files.writeString(output, String.join("\n", all.subList(0, 12)) + "\n" + all.get(12).substring(0, 30));
        fake.server().clearRequests();

        CliRuns.Run rerun = llmbatch("run", "-i", input.toString(), "-o", output.toString(), "--base-url", fake.baseUrl(),
                "--progress", "off");

        assertThat(rerun.code()).isZero();
        assertThat(rerun.out()).contains("12 items already done");
        assertThat(rerun.err()).contains("cut 30 bytes from line 13");
        assertThat(fake.server().requests()).as("only the 8 unfinished items are sent").hasSize(8);
        List<JsonNode> results = lines(output);
        assertThat(results).hasSize(20);
        assertThat(results.stream().map(r -> r.path("id").asString()).distinct()).hasSize(20);
    }

    @Test
    void badUsageExitsTwoNamingTheOption() {
        CliRuns.Run run = llmbatch("run", "--workers", "0");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--workers must be between 1 and 10000 (was 0)");
        assertThat(llmbatch("run", "--timeout", "soon").err()).contains("'soon' is not a duration");
        assertThat(llmbatch("run", "--provider", "acme").err()).contains("--provider must be openai, anthropic or gemini");
        assertThat(llmbatch().code()).isEqualTo(2);
        assertThat(llmbatch("run", "--temperature", "3").err()).contains("--temperature must be between 0 and 2");
        assertThat(llmbatch("run", "--price-input", "1").err()).contains("--price-input and --price-output go together");
        assertThat(llmbatch("run", "--max-tokens", "0").err()).contains("--max-tokens must be >= 1");
    }

    @Test
    void helpListsEveryOption() {
        CliRuns.Run help = llmbatch("run", "--help");
        assertThat(help.code()).isZero();
        for (String option : List.of("--input", "--output", "--errors", "--restart", "--provider", "--base-url",
                "--model", "--api-key-env", "--workers", "--timeout", "--[no-]adaptive-timeout", "--retries", "--system", "--schema",
                "--fsync-every", "--progress", "--rpm", "--tpm", "--escalate", "--budget", "--catalog", "--price-input",
                "--price-output", "--max-tokens", "--temperature")) {
            assertThat(help.out()).contains(option);
        }
    }

    @Test
    void structuredOutputWritesTheAnswerAsJson() throws IOException {
        Path schema = dir.resolve("ticket.json");
        Files.writeString(schema, """
                {"type":"object","properties":{"category":{"type":"string","enum":["billing","bug","other"]},
                 "urgent":{"type":"boolean"}},"required":["category","urgent"],"additionalProperties":false}""");
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{\"id\":\"s1\",\"prompt\":\"I was charged twice\"}\n");
        Path output = dir.resolve("out.jsonl");
        assertThat(llmbatch("run", "-i", input.toString(), "-o", output.toString(), "--base-url", fake.baseUrl(),
                "--schema", schema.toString(), "--progress", "off").code()).isZero();
        JsonNode answer = lines(output).get(0).path("output");
        assertThat(answer.path("category").asString()).isIn("billing", "bug", "other");
        assertThat(answer.path("urgent").isBoolean()).isTrue();
    }

    @Test
    void aBudgetStopsStartingItemsAndTheRestEndAsBudgetExceeded() throws IOException {
        Path input = dir.resolve("in.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append("{\"id\":\"u").append(i).append("\",\"prompt\":\"").append("Long ticket text. ".repeat(50))
                    .append("\"}\n");
        }
        Files.writeString(input, sb);
        Path output = dir.resolve("out.jsonl");

        CliRuns.Run run = llmbatch("run", "-i", input.toString(), "-o", output.toString(), "--base-url", fake.baseUrl(),
                "--model", "gpt-4.1", "--workers", "1", "--budget", "0.002", "--progress", "off");

        List<JsonNode> results = lines(output);
        assertThat(results).as("only items that ran are written").isNotEmpty().hasSizeLessThan(40)
                .allMatch(r -> r.path("success").asBoolean());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("items were not started and are not in the output")
                .contains("larger --budget");
        assertThat(run.figure("attempts")).as("attempts made, not items ended").isEqualTo(fake.server().requests().size())
                .isLessThan(40);

        CliRuns.Run more = llmbatch("run", "-i", input.toString(), "-o", output.toString(), "--base-url",
                fake.baseUrl(), "--model", "gpt-4.1", "--workers", "1", "--budget", "10", "--progress", "off");
        assertThat(more.code()).as("a larger budget runs the rest").isZero();
        assertThat(lines(output)).as("every item once, after the resume").hasSize(40)
                .extracting(r -> r.path("id").asString()).doesNotHaveDuplicates();
    }
}
