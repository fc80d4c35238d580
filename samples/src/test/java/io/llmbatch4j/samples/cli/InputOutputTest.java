package io.llmbatch4j.samples.cli;

import static io.llmbatch4j.samples.cli.CliRuns.lines;
import static io.llmbatch4j.samples.cli.CliRuns.llmbatch;
import static io.llmbatch4j.samples.cli.CliRuns.tickets;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.testkit.FakeLlmServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Bad bytes in the input, an output that is also the input, and outputs damaged by a crash or by hand. */
class InputOutputTest {

    @RegisterExtension
    static final FakeLlmServerExtension fake = FakeLlmServerExtension.create();

    @TempDir
    Path dir;

    private CliRuns.Run run(Path input, Path output) {
        return llmbatch("run", "-i", input.toString(), "-o", output.toString(), "--base-url", fake.baseUrl(),
                "--progress", "off");
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAsThatLineAndTheRestRuns() throws IOException {
        Path input = dir.resolve("in.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("{\"id\":\"a\",\"prompt\":\"caf\u00e9 ok\"}\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"id\":\"b\",\"prompt\":\"caf".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xE9, (byte) 0xFF}); // Latin-1 é and a byte UTF-8 never has
        bytes.writeBytes("\"}\r\n\n{\"id\":\"c\",\"prompt\":\"third\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(input, bytes.toByteArray());
        Path output = dir.resolve("out.jsonl");

        CliRuns.Run first = run(input, output);

        assertThat(first.code()).isEqualTo(1);
        assertThat(lines(output)).extracting(r -> r.path("id").asString()).containsExactlyInAnyOrder("a", "c");
        assertThat(lines(output)).filteredOn(r -> r.path("id").asString().equals("c"))
                .extracting(r -> r.path("line").asInt()).containsExactly(4);
        List<JsonNode> rejected = lines(Path.of(output + ".errors.jsonl"));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("line").asInt()).isEqualTo(2);
        assertThat(rejected.get(0).path("error").asString()).contains("not valid UTF-8");
        assertThat(rejected.get(0).path("text").asString()).startsWith("{\"id\":\"b\",\"prompt\":\"caf\uFFFD");

        CliRuns.Run again = run(input, output);
        assertThat(again.out()).as("a rerun is not stuck at the bad line").contains("Nothing left to do");
    }

    @Test
    void theSameFileAsInputAndOutputIsRefusedHoweverItIsSpelled() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, tickets("s", 3));
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), input);

        for (Path output : List.of(input, dir.resolve(".").resolve("in.jsonl"), link)) {
            CliRuns.Run run = run(input, output);
            assertThat(run.code()).isEqualTo(2);
            assertThat(run.err()).contains("--input and --output are the same file");
        }
        CliRuns.Run errorsOnOutput = llmbatch("run", "-i", input.toString(), "-o", dir.resolve("o.jsonl").toString(),
                "--errors", dir.resolve("o.jsonl").toString(), "--base-url", fake.baseUrl());
        assertThat(errorsOnOutput.err()).contains("--errors and --output are the same file");
        assertThat(Files.readString(input)).isEqualTo(tickets("s", 3));
        assertThat(fake.server().requests()).isEmpty();
    }

    /** Runs {@code n} tickets to the end, clears the request log; the output's lines. */
    private List<String> finishedRun(Path input, Path output, int n) throws IOException {
        Files.writeString(input, tickets("t", n));
        assertThat(run(input, output).code()).isZero();
        fake.server().clearRequests();
        return Files.readAllLines(output);
    }

    @Test
    void aForeignTailIsCutAndReportedNeverADeadEnd() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Path output = dir.resolve("out.jsonl");
        List<String> all = finishedRun(input, output, 10);
        // two runs wrote over each other: a fragment ended by another line's newline, then more bytes
        String damaged = String.join("\n", all.subList(0, 6)) + "\n" + all.get(6).substring(0, 25) + "\n"
                + "ss\":true,\"model\":\"x\"}\n";
        Files.writeString(output, damaged);

        CliRuns.Run rerun = run(input, output);

        assertThat(rerun.code()).isZero();
        int cut = damaged.getBytes(StandardCharsets.UTF_8).length
                - (String.join("\n", all.subList(0, 6)) + "\n").getBytes(StandardCharsets.UTF_8).length;
        assertThat(rerun.err()).contains("cut " + cut + " bytes from line 7");
        assertThat(fake.server().requests()).hasSize(4);
        assertThat(lines(output)).extracting(r -> r.path("id").asString()).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void aBadLineBetweenResultsIsLeftAloneAndListed() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Path output = dir.resolve("out.jsonl");
        List<String> all = finishedRun(input, output, 6);
        Files.writeString(output, all.get(0) + "\nnot a result\n" + all.get(1) + "\n");

        CliRuns.Run rerun = run(input, output);

        assertThat(rerun.code()).isZero();
        assertThat(rerun.err()).contains("line 2 between results are not result lines; ignored");
        assertThat(fake.server().requests()).hasSize(4);
        assertThat(Files.readAllLines(output)).contains("not a result").hasSize(7);
    }
}
