package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.GuardrailConfig;
import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.middleware.BudgetGuardMiddleware;
import io.llmbatch4j.observers.CostTracker;
import io.llmbatch4j.observers.ProgressObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run of the CLI: input → processor → output, with resume, rejected lines, progress and
 * summary. The output is locked for the run; a run whose first calls all fail with a set-up error
 * (401, 403, 404) stops at once; Ctrl-C prints the summary so far.
 */
final class RunJob {

    /**
     * What the command line asked for.
     *
     * @param input the input, or null for the bundled sample
     * @param models the models besides each line's own (escalation), for the price check
     */
    record Options(@Nullable Path input, Path output, Path errors, boolean resume, int fsyncEvery,
            String defaultModel, List<String> models, boolean jsonOutput, String progressMode,
            @Nullable Double budgetUsd) {}

    private final PrintStream out;
    private final PrintStream err;
    private final JsonMapper json;
    private final Backend backend;
    private final ProcessorConfig config;
    private final Function<String, LLMCallStrategy<String>> strategyFor;
    private final Pricing pricing;
    private final Options o;

    RunJob(PrintStream out, PrintStream err, JsonMapper json, Backend backend, ProcessorConfig config,
            Function<String, LLMCallStrategy<String>> strategyFor, Pricing pricing, Options options) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.backend = backend;
        this.config = config;
        this.strategyFor = strategyFor;
        this.pricing = pricing;
        this.o = options;
    }

    /** @return the exit code: 0 all succeeded, 1 some failed, were rejected or did not run */
    int run() {
        long startNanos = System.nanoTime();
        try (ResultLog results = ResultLog.open(o.output(), o.resume(), json, o.fsyncEvery())) {
            reportRepair(results.repair());
            InputLines.Scan scan = scan(results);
            List<String> models = new ArrayList<>(scan.models());
            o.models().stream().filter(m -> !models.contains(m)).forEach(models::add);
            List<String> unpriced = pricing.unpriced(backend.client.provider(), models);
            checkPrices(unpriced);
            if (scan.finished() > 0) {
                out.printf("Resuming %s: %d items already done; they are skipped.%n", o.output(), scan.finished());
            }
            if (o.resume() && scan.toRun() == 0 && scan.finished() > 0) {
                out.println("Nothing left to do: every item of " + inputName() + " is already in " + o.output()
                        + " (--restart runs them all again).");
                return 0;
            }
            if (!o.resume()) {
                results.clear();
            }
            out.println("Input: " + inputName() + "  ->  output: " + o.output());
            Tally tally = new Tally(scan.finished());
            try (ResultLog errors = ResultLog.open(o.errors(), false, json, 0)) {
                errors.clear();
                process(results, errors, tally, scan.toRun(), unpriced, startNanos);
            }
            return tally.exitCode();
        }
    }

    private void process(ResultLog results, ResultLog errors, Tally tally, long toRun, List<String> unpriced,
            long startNanos) {
        CostTracker cost = new CostTracker(pricing, false);
        RunMeter meter = new RunMeter();
        // the first calls failing with a set-up error (401, 403, 404) mean no call can succeed
        Predicate<ErrorInfo> setupError = GuardrailConfig.setupError();
        Predicate<ErrorInfo> cannotSucceed = e -> !tally.anySucceeded() && setupError.test(e);
        ProcessorConfig runConfig = config.toBuilder()
                .guardrails(config.guardrails().toBuilder().failFastWhen(cannotSucceed).build()).build();
        ParallelBatchProcessor.Builder<String, InputLines.Entry> builder =
                ParallelBatchProcessor.<String, InputLines.Entry>builder().config(runConfig).observer(cost)
                        .observer(meter);
        if (o.budgetUsd() != null) {
            builder.middleware(BudgetGuardMiddleware.usd(o.budgetUsd(), cost::totalUsd));
        }
        if (!o.progressMode().equals("off")) {
            ProgressObserver.Builder progress = ProgressObserver.builder().out(out)
                    .terminal(o.progressMode().equals("bar"))
                    .interval(o.progressMode().equals("bar") ? Duration.ofMillis(250) : Duration.ofSeconds(5))
                    .total(toRun);
            builder.observer((unpriced.isEmpty() ? progress.cost(cost::totalUsd) : progress).build());
        }
        try (ParallelBatchProcessor<String, InputLines.Entry> processor = builder.build()) {
            Supplier<Summary.Figures> figures = () -> new Summary.Figures(tally, meter,
                    processor.stats(), cost.totalUsd(), unpriced, System.nanoTime() - startNanos, o.output(), o.errors());
            Interruption interruption = Interruption.install(out, tally, results, figures);
            try {
                Flux.using(() -> new ByteLines(open(o.input())), lines -> new InputLines(json).read(lines),
                                ByteLines::close)
                        .<LLMWorkItem<String, InputLines.Entry>>handle((line, sink) -> {
                            if (line instanceof InputLines.Rejected bad) {
                                tally.rejectedLine();
                                errors.append(rejectedLine(bad));
                            } else if (line instanceof InputLines.Entry entry
                                    && !results.finishedIds().contains(entry.id())) {
                                String m = entry.model() != null ? entry.model() : o.defaultModel();
                                sink.next(new LLMWorkItem<>(entry.id(), strategyFor.apply(m), entry.prompt(), entry));
                            }
                        })
                        .transform(processor::process)
                        .doOnNext(r -> record(r, results, tally, cannotSucceed))
                        .blockLast();
            } finally {
                interruption.uninstall();
            }
            if (tally.interrupted()) {
                return; // the hook printed the summary
            }
            Summary.print(out, figures.get());
            if (tally.budgetStoppedItems() > 0) {
                err.println("llmbatch: the --budget of $" + o.budgetUsd() + " is spent: " + tally.budgetStoppedItems()
                        + " items were not started and are not in the output. Run the same command with a larger"
                        + " --budget to run them.");
            }
            String cause = tally.stopCause();
            if (cause != null) {
                err.println("llmbatch: stopped: " + cause.replaceAll("[.\\s]+$", "") + ". The calls cannot succeed as set up, so nothing more was"
                        + " sent. Fix it (API key, --base-url, --model) and run the same command: the " + tally.notRun()
                        + " items not run are not in the output and run then.");
            }
        }
    }

    private void record(WorkItemResult<String, InputLines.Entry> r, ResultLog results, Tally tally,
            Predicate<ErrorInfo> cannotSucceed) {
        ErrorInfo error = r.error();
        Tally.Outcome outcome;
        if (error == null) {
            outcome = Tally.Outcome.SUCCEEDED;
        } else if (error.kind() == ErrorKind.ABORTED || error.kind() == ErrorKind.CANCELLED) {
            outcome = Tally.Outcome.NOT_RUN;
        } else if (error.kind() == ErrorKind.BUDGET_EXCEEDED) {
            // never sent: left out of the output, so the same command with a larger --budget runs it
            outcome = Tally.Outcome.NOT_RUN;
            tally.budgetStopped();
        } else if (cannotSucceed.test(error)) {
            outcome = Tally.Outcome.NOT_RUN; // the run's fault, not the item's: it runs again on resume
            tally.stopCause("item '" + r.itemId() + "' failed with " + error.message());
        } else {
            outcome = Tally.Outcome.FAILED;
        }
        synchronized (tally) { // the Ctrl-C summary sees each result counted and written, or neither
            if (tally.count(r, outcome) && outcome != Tally.Outcome.NOT_RUN) {
                String requested = r.context() != null && r.context().model() != null ? r.context().model()
                        : o.defaultModel();
                results.append(ResultLine.of(r, backend.client.provider(), requested, pricing, o.jsonOutput(), json));
            }
        }
    }

    /** A first pass over the input: what is left to run and which models it asks for. */
    private InputLines.Scan scan(ResultLog results) {
        try (ByteLines lines = new ByteLines(open(o.input()))) {
            return new InputLines(json).scan(lines, results.finishedIds(), o.defaultModel());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input " + inputName(), e);
        }
    }

    private void checkPrices(List<String> unpriced) {
        if (unpriced.isEmpty()) {
            return;
        }
        String which = "no price for model" + (unpriced.size() > 1 ? "s " : " ") + String.join(", ", unpriced)
                + " in the catalog";
        if (o.budgetUsd() != null) {
            throw new IllegalArgumentException("--budget cannot be kept: " + which + ". Give its prices with"
                    + " --price-input and --price-output (USD per million tokens) or --catalog FILE");
        }
        err.println("llmbatch: warning: " + which + ": the cost is unknown (costUsd null in the output). Give prices"
                + " with --price-input and --price-output or --catalog FILE.");
    }

    private void reportRepair(ResultLog.Repair repair) {
        if (repair.cutBytes() > 0) {
            err.println("llmbatch: " + o.output() + ": cut " + repair.cutBytes() + " bytes from line "
                    + repair.cutFromLine() + " to the end: not result lines (a run was killed mid-write, or something"
                    + " else wrote there); their items run again.");
        }
        List<Long> ignored = repair.ignoredLines();
        if (!ignored.isEmpty()) {
            err.println("llmbatch: " + o.output() + ": line" + (ignored.size() > 1 ? "s " : " ")
                    + ignored.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                    + (ignored.size() > 10 ? " and " + (ignored.size() - 10) + " more" : "")
                    + " between results are not result lines; ignored (delete them to silence this).");
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

    private String inputName() {
        return o.input() == null ? "the bundled sample (" + RunCommand.BUNDLED_INPUT + ")" : o.input().toString();
    }

    private static InputStream open(@Nullable Path input) throws IOException {
        if (input != null) {
            return Files.newInputStream(input);
        }
        InputStream bundled = RunJob.class.getClassLoader().getResourceAsStream(RunCommand.BUNDLED_INPUT);
        if (bundled == null) {
            throw new IllegalStateException("bundled sample input missing: " + RunCommand.BUNDLED_INPUT);
        }
        return bundled;
    }
}
