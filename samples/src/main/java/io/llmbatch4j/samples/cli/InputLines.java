package io.llmbatch4j.samples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the input JSONL lazily, one line per request downstream: each line becomes an
 * {@link Entry} (a work request) or a {@link Rejected} (not JSON, no id or prompt, duplicate id),
 * with its 1-based line number. Blank lines are skipped. The file is read once, never held.
 */
final class InputLines {

    /** One line of input, good or bad. */
    sealed interface Line permits Entry, Rejected {
        long lineNumber();
    }

    /** A request to run: {@code model} and {@code context} are optional. */
    record Entry(long lineNumber, String id, String prompt, @Nullable String model, @Nullable JsonNode context)
            implements Line {}

    /** A line that cannot run, and why. */
    record Rejected(long lineNumber, @Nullable String id, String reason, String text) implements Line {}

    private static final int MAX_ECHO = 200;

    private final JsonMapper json;

    InputLines(JsonMapper json) {
        this.json = json;
    }

    /** The lines of {@code reader}; closing is the caller's (use it inside {@code Flux.using}). */
    Flux<Line> read(BufferedReader reader) {
        Set<String> ids = new HashSet<>();
        long[] number = {0};
        return Flux.<Line>generate(sink -> next(reader, ids, number, sink));
    }

    private void next(BufferedReader reader, Set<String> ids, long[] number, SynchronousSink<Line> sink) {
        try {
            String text;
            do {
                text = reader.readLine();
                if (text == null) {
                    sink.complete();
                    return;
                }
                number[0]++;
            } while (text.isBlank());
            sink.next(parse(number[0], text, ids));
        } catch (IOException e) {
            sink.error(new UncheckedIOException("cannot read input at line " + (number[0] + 1), e));
        }
    }

    Line parse(long lineNumber, String text, Set<String> ids) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            return new Rejected(lineNumber, null, "not valid JSON: " + e.getOriginalMessage(), echo(text));
        }
        if (node == null || !node.isObject()) {
            return new Rejected(lineNumber, null, "not a JSON object", echo(text));
        }
        JsonNode id = node.get("id");
        if (id == null || !(id.isString() || id.isIntegralNumber()) || id.asString().isBlank()) {
            return new Rejected(lineNumber, null, "field 'id' is missing or not a string/integer", echo(text));
        }
        String idText = id.asString();
        JsonNode prompt = node.get("prompt");
        if (prompt == null || !prompt.isString() || prompt.asString().isBlank()) {
            return new Rejected(lineNumber, idText, "field 'prompt' is missing, empty or not a string", echo(text));
        }
        JsonNode model = node.get("model");
        if (model != null && !model.isNull() && !model.isString()) {
            return new Rejected(lineNumber, idText, "field 'model' must be a string", echo(text));
        }
        if (!ids.add(idText)) {
            return new Rejected(lineNumber, idText, "duplicate id '" + idText + "' (the first one runs)", echo(text));
        }
        JsonNode context = node.get("context");
        return new Entry(lineNumber, idText, prompt.asString(),
                model == null || model.isNull() ? null : model.asString(),
                context == null || context.isNull() ? null : context);
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
