package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.middleware.BudgetGuardMiddleware;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.ProgressObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One run of the CLI: input → processor → output, with resume, rejected lines, progress and summary. */
final class RunJob {

    private final PrintStream out;
    private final JsonMapper json;
    private final Backend backend;
    private final ProcessorConfig config;
    private final Function<String, LLMCallStrategy<String>> strategyFor;
    private final String defaultModel;
    private final boolean jsonOutput;
    private final String progressMode;
    private final @Nullable Double budgetUsd;

    RunJob(PrintStream out, JsonMapper json, Backend backend, ProcessorConfig config,
            Function<String, LLMCallStrategy<String>> strategyFor, String defaultModel, boolean jsonOutput,
            String progressMode, @Nullable Double budgetUsd) {
        this.out = out;
        this.json = json;
        this.backend = backend;
        this.config = config;
        this.strategyFor = strategyFor;
        this.defaultModel = defaultModel;
        this.jsonOutput = jsonOutput;
        this.progressMode = progressMode;
        this.budgetUsd = budgetUsd;
    }

    /** @return the exit code: 0 all succeeded, 1 some failed or were rejected */
    int run(@Nullable Path input, Path output, Path errorsPath, boolean resume, int fsyncEvery) {
        Tally tally = new Tally();
        long startNanos = System.nanoTime();
        try (ResultLog results = ResultLog.open(output, resume, json, fsyncEvery);
             ResultLog errors = ResultLog.open(errorsPath, false, json, 0)) {
            tally.resumed = results.finishedIds().size();
            if (tally.resumed > 0 || results.tornBytes() > 0) {
                out.printf("Resuming %s: %d items already done%s; they are skipped.%n", output, tally.resumed,
                        results.tornBytes() > 0 ? " (a torn last line of " + results.tornBytes() + " bytes dropped)" : "");
            }
            out.println("Input: " + (input == null ? "bundled sample (" + RunCommand.BUNDLED_INPUT + ")" : input)
                    + "  ->  output: " + output);
            long total = countLines(input);
            CostTracker cost = new CostTracker((provider, model, usage) ->
                    backend.catalog.resolve(provider, model).cost(usage, 0, false));
            ParallelBatchProcessor.Builder<String, InputLines.Entry> builder =
                    ParallelBatchProcessor.<String, InputLines.Entry>builder().config(config).observer(cost);
            if (budgetUsd != null) {
                builder.middleware(BudgetGuardMiddleware.usd(budgetUsd, cost::totalUsd));
            }
            if (!progressMode.equals("off")) {
                builder.observer(ProgressObserver.builder().out(out).terminal(progressMode.equals("bar"))
                        .interval(progressMode.equals("bar") ? Duration.ofMillis(250) : Duration.ofSeconds(5))
                        .total(Math.max(0, total - tally.resumed)).cost(cost::totalUsd).build());
            }
            try (ParallelBatchProcessor<String, InputLines.Entry> processor = builder.build()) {
                Flux.using(() -> open(input), reader -> new InputLines(json).read(reader), RunJob::closeQuietly)
                        .<LLMWorkItem<String, InputLines.Entry>>handle((line, sink) -> {
                            if (line instanceof InputLines.Rejected bad) {
                                tally.rejected++;
                                errors.append(rejectedLine(bad));
                            } else if (line instanceof InputLines.Entry entry) {
                                if (results.finishedIds().contains(entry.id())) {
                                    return;
                                }
                                String m = entry.model() != null ? entry.model() : defaultModel;
                                sink.next(new LLMWorkItem<>(entry.id(), strategyFor.apply(m), entry.prompt(), entry));
                            }
                        })
                        .transform(processor::process)
                        .doOnNext(r -> record(r, results, tally))
                        .blockLast();
                tally.costUsd = cost.totalUsd();
                Summary.print(out, tally, processor.stats(), System.nanoTime() - startNanos, output, errorsPath);
            }
        }
        return tally.failed == 0 && tally.rejected == 0 ? 0 : 1;
    }

    private void record(WorkItemResult<String, InputLines.Entry> r, ResultLog results, Tally tally) {
        String requested = r.context() != null && r.context().model() != null ? r.context().model() : defaultModel;
        results.append(ResultLine.of(r, backend.client.provider(), requested, backend.catalog, jsonOutput, json));
        if (r.success()) {
            tally.succeeded++;
        } else {
            tally.failed++;
            tally.failedByKind.merge(r.error().kind(), 1L, Long::sum);
        }
    }

    private String rejectedLine(InputLines.Rejected bad) {
        ObjectNode line = json.createObjectNode();
        line.put("line", bad.lineNumber());
        if (bad.id() != null) {
            line.put("id", bad.id());
        }
        line.put("error", bad.reason());
        line.put("text", bad.text());
        return json.writeValueAsString(line);
    }

    private static BufferedReader open(@Nullable Path input) throws IOException {
        if (input != null) {
            return Files.newBufferedReader(input, StandardCharsets.UTF_8);
        }
        InputStream bundled = RunJob.class.getClassLoader().getResourceAsStream(RunCommand.BUNDLED_INPUT);
        if (bundled == null) {
            throw new IllegalStateException("bundled sample input missing: " + RunCommand.BUNDLED_INPUT);
        }
        return new BufferedReader(new InputStreamReader(bundled, StandardCharsets.UTF_8));
    }

    /** Non-blank input lines (the bundled sample's too), or 0 (unknown) when the input cannot be read. */
    private static long countLines(@Nullable Path input) {
        try (BufferedReader reader = open(input)) {
            return reader.lines().filter(l -> !l.isBlank()).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // reading is over; nothing to save
        }
    }

    /** What this run did; written by the single result path, read at the end. */
    static final class Tally {
        long resumed;
        long succeeded;
        long failed;
        long rejected;
        final Map<ErrorKind, Long> failedByKind = new EnumMap<>(ErrorKind.class);
        double costUsd;
    }
}
