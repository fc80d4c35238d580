package io.llmbatch4j.samples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the input JSONL lazily, one line per request downstream: each line becomes an
 * {@link Entry} (a work request) or a {@link Rejected} (not valid UTF-8, not JSON, no id or
 * prompt, duplicate id), with its 1-based line number. Blank lines are skipped. The file is read
 * once, never held.
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

    /**
     * What a first pass over the input found.
     *
     * @param toRun good lines whose id is not finished yet
     * @param finished good lines whose id is already in the output
     * @param models the models the lines to run ask for, in order of first use
     */
    record Scan(long toRun, long finished, Set<String> models) {}

    private static final int MAX_ECHO = 200;

    private final JsonMapper json;

    InputLines(JsonMapper json) {
        this.json = json;
    }

    /** The lines of {@code lines}; closing is the caller's (use it inside {@code Flux.using}). */
    Flux<Line> read(ByteLines lines) {
        Set<String> ids = new HashSet<>();
        return Flux.<Line>generate(sink -> next(lines, ids, sink));
    }

    /** Reads {@code lines} once to count what a run will do; {@code defaultModel} for lines naming none. */
    Scan scan(ByteLines lines, Set<String> finishedIds, String defaultModel) {
        long toRun = 0;
        long finished = 0;
        Set<String> models = new LinkedHashSet<>();
        for (Line line : read(lines).toIterable()) {
            if (line instanceof Entry e) {
                if (finishedIds.contains(e.id())) {
                    finished++;
                } else {
                    toRun++;
                    models.add(e.model() != null ? e.model() : defaultModel);
                }
            }
        }
        return new Scan(toRun, finished, models);
    }

    private void next(ByteLines lines, Set<String> ids, SynchronousSink<Line> sink) {
        try {
            while (true) {
                ByteLines.Line line = lines.next();
                if (line == null) {
                    sink.complete();
                    return;
                }
                String text = line.text();
                if (text == null) {
                    sink.next(new Rejected(line.number(), null, "not valid UTF-8 (save the file as UTF-8)",
                            echo(line.lenientText())));
                    return;
                }
                if (!text.isBlank()) {
                    sink.next(parse(line.number(), text, ids));
                    return;
                }
            }
        } catch (IOException e) {
            sink.error(new UncheckedIOException("cannot read input", e));
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
