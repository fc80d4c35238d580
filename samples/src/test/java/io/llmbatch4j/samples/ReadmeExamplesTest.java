package io.llmbatch4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmbatch4j.providers.HttpTransport;
import io.llmbatch4j.providers.ProviderConfig;
import io.llmbatch4j.providers.openai.OpenAiChatClient;
import io.llmbatch4j.samples.ReadmeExamples.Ticket;
import io.llmbatch4j.strategies.ChatStrategy;
import io.llmbatch4j.testkit.FakeLlmServer;
import io.llmbatch4j.testkit.Provider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java blocks are the marked regions of {@link ReadmeExamples} (which the build
 * compiles), and each region runs against the testkit.
 */
class ReadmeExamplesTest {

    private static final Pattern README_BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern SOURCE_REGION =
            Pattern.compile("\\n[ \\t]*// readme-begin\\n(.*?)\\n[ \\t]*// readme-end", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsAMarkedRegionOfCompiledCodeInTheSameOrder() throws IOException {
        List<String> readme = matches(README_BLOCK, Files.readString(repository().resolve("README.md")));
        List<String> compiled = matches(SOURCE_REGION, Files.readString(repository()
                .resolve("samples/src/main/java/io/llmbatch4j/samples/ReadmeExamples.java"))).stream()
                .map(ReadmeExamplesTest::dedent).toList();

        assertThat(compiled).as("regions marked in ReadmeExamples.java").hasSize(2);
        assertThat(readme).as("the README's ```java blocks, copy them from ReadmeExamples.java")
                .containsExactlyElementsOf(compiled);
    }

    @Test
    void theQuickStartClassifiesEveryTicketAndPrintsTheStats() {
        List<Ticket> tickets = ReadmeExamples.tickets(12);

        String out = capturingStdout(() -> ReadmeExamples.quickStart(tickets));

        for (Ticket t : tickets) {
            assertThat(out).contains(t.id() + ": ");
        }
        assertThat(out).containsPattern("ProcessorStats\\[12 started: 12 succeeded, 0 failed, \\d+ in flight of 50 workers");
    }

    @Test
    void theBudgetExampleJournalsEveryItemAndMetersEveryCall(@TempDir Path dir) throws IOException {
        List<Ticket> tickets = ReadmeExamples.tickets(8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Path journal = dir.resolve("run.jsonl");
        String out;
        try (FakeLlmServer fake = FakeLlmServer.start(); HttpTransport transport = HttpTransport.create()) {
            ChatStrategy classify = ChatStrategy.builder(OpenAiChatClient.create(transport,
                    fake.endpoint(Provider.OPENAI, ProviderConfig.openAi()::endpoint).build()), "gpt-4.1-mini").build();

            out = capturingStdout(() -> ReadmeExamples.withBudgets(tickets, classify, registry, journal));

            assertThat(fake.requests()).hasSize(8);
            // a rerun answers every item from the journal: no request is sent
            capturingStdout(() -> ReadmeExamples.withBudgets(tickets, classify, registry, journal));
            assertThat(fake.requests()).hasSize(8);
        }
        assertThat(out).startsWith("8 succeeded, 0 failed, $0.0");
        assertThat(Files.readAllLines(journal)).hasSize(8);
        assertThat(registry.find("gen_ai.client.operation.duration").timer().count()).isEqualTo(8);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Removes the indentation every non-blank line shares. */
    private static String dedent(String region) {
        List<String> lines = region.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    /** The repository's root: the samples module's parent (the tests run in the module's folder). */
    private static Path repository() {
        Path module = Path.of("").toAbsolutePath();
        return Files.isRegularFile(module.resolve("README.md")) ? module : module.getParent();
    }

    private static String capturingStdout(Runnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
