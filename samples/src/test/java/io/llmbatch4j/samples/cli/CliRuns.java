package io.llmbatch4j.samples.cli;

import io.llmbatch4j.testkit.FakeServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The CLI run in this JVM, with its exit code and what it printed; input and output helpers. */
final class CliRuns {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Map<String, String> OPENAI_KEY = Map.of("OPENAI_API_KEY", FakeServerConfig.DEFAULT_OPENAI_KEY);

    record Run(int code, String out, String err) {

        /** The number after {@code label} in the summary, e.g. {@code "attempts"}. */
        long figure(String label) {
            Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + " +(\\d+)").matcher(out);
            if (!m.find()) {
                throw new AssertionError("no '" + label + "' in the summary:\n" + out);
            }
            return Long.parseLong(m.group(1));
        }
    }

    private CliRuns() {}

    /** {@code llmbatch args} with the testkit's OpenAI key in the environment. */
    static Run llmbatch(String... args) {
        return llmbatchWith(OPENAI_KEY, args);
    }

    static Run llmbatchWith(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LlmBatch.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code n} input lines {@code {"id":"<prefix><i>","prompt":"Ticket number <i>"}}. */
    static String tickets(String prefix, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"id\":\"").append(prefix).append(i).append("\",\"prompt\":\"Ticket number ").append(i)
                    .append("\"}\n");
        }
        return sb.toString();
    }

    /** The non-blank lines of a JSONL file, parsed. */
    static List<JsonNode> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
    }
}
