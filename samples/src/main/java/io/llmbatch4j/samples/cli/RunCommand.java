package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.AdaptiveTimeout;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.core.RateLimitConfig;
import io.llmbatch4j.core.RetryConfig;
import io.llmbatch4j.providers.ModelCatalog;
import io.llmbatch4j.providers.ResponseSchema;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import io.llmbatch4j.redis.RedisQuotaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code llmbatch run}: JSONL prompts in, JSONL results out, resumable. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs every prompt of a JSONL file through an LLM in parallel and writes one JSON line per item.",
            "",
            "Input lines: {\"id\": \"t-1\", \"prompt\": \"...\", \"model\": \"optional\", \"context\": {...}}. "
                    + "Bad lines (not UTF-8, not JSON, no id or prompt, duplicate id) go to the errors file with their line "
                    + "number, and the run goes on.",
            "",
            "The output file is also the journal: run the same command again after a crash or Ctrl-C and it "
                    + "skips every item already in the output, so each input item ends up there exactly once.",
            "",
            "With no API key in the environment (and no --base-url) it runs against an embedded fake provider "
                    + "on 127.0.0.1, so you can try everything without an account.",
            "",
            "A run holds a lock on its output: a second run on the same output is refused. When the first calls all"
                    + " fail with 401, 403 or 404 (wrong key, base URL or model), the run stops at once; the items not"
                    + " run are not written, so the same command runs them once it is fixed. Ctrl-C prints the"
                    + " summary so far; the same command resumes.",
            "",
            "Exit codes: 0 every item succeeded, 1 some failed, did not run or input lines were rejected, 2 bad"
                    + " usage (or the output is in use by another run).",
            ""})
final class RunCommand implements Callable<Integer> {

    static final String BUNDLED_INPUT = "io/llmbatch4j/samples/tickets.jsonl";

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE",
            description = "JSONL prompts (default: the bundled sample of support tickets)")
    @Nullable Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "llmbatch-results.jsonl",
            description = "JSONL results, also the resume journal (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "rejected input lines (default: <output>.errors.jsonl)")
    @Nullable Path errors;

    @Option(names = "--restart", description = "start over: empty the output instead of resuming from it")
    boolean restart;

    @Option(names = {"-p", "--provider"}, defaultValue = "openai", paramLabel = "NAME",
            description = "openai (also any OpenAI-compatible server with --base-url), anthropic, gemini"
                    + " (default: ${DEFAULT-VALUE})")
    String provider;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "server to call instead of the provider's own, as its docs print it, e.g."
                    + " https://api.groq.com/openai/v1, https://api.kluster.ai/v1, http://localhost:8000/v1 (vLLM)")
    @Nullable String baseUrl;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "model for lines without one (default: gpt-4.1-mini, claude-haiku-4-5, gemini-2.5-flash)")
    @Nullable String model;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "environment variable with the API key (default: OPENAI_API_KEY, ANTHROPIC_API_KEY,"
                    + " GEMINI_API_KEY)")
    @Nullable String apiKeyEnv;

    @Option(names = {"-w", "--workers"}, defaultValue = "32", description = "parallel calls (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "time one attempt may take, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--adaptive-timeout", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "cut an attempt that hangs past 10x the p99 of the successful calls so far (at least 10 s)"
                    + " and retry it; an item's last attempt always gets the full --timeout (default: on)")
    boolean adaptiveTimeout;

    @Option(names = "--retries", defaultValue = "5",
            description = "retries after an attempt fails for a passing reason (5xx, timeout, dropped connection,"
                    + " malformed answer), with backoff from 0.5 s doubling to 30 s; errors that cannot pass (401,"
                    + " 404, a bad request) are never retried (default: ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--rpm", defaultValue = "0", paramLabel = "N",
            description = "requests per minute to stay under, paced before sending (default: no limit)")
    long rpm;

    @Option(names = "--tpm", defaultValue = "0", paramLabel = "N",
            description = "tokens per minute to stay under, estimated before and corrected after each call"
                    + " (default: no limit)")
    long tpm;

    @Option(names = "--budget", paramLabel = "USD",
            description = "stop starting items once this many US dollars are spent; running ones finish, items not"
                    + " started stay out of the output, so the same command with a larger --budget runs them."
                    + " Needs a price for every model of the run")
    @Nullable Double budget;

    @Option(names = "--catalog", paramLabel = "FILE",
            description = "a models.yaml-format catalog laid over the bundled one: prices and what each model"
                    + " accepts, e.g. openai: {my-model: {inputPerMillion: 0.2, outputPerMillion: 0.6}}")
    @Nullable Path catalog;

    @Option(names = "--price-input", paramLabel = "USD",
            description = "USD per million input tokens, for every model of this run (with --price-output)")
    @Nullable Double priceInput;

    @Option(names = "--price-output", paramLabel = "USD",
            description = "USD per million output tokens, for every model of this run (with --price-input)")
    @Nullable Double priceOutput;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "cap on the tokens of each answer (sent as the parameter each model takes)")
    @Nullable Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T",
            description = "sampling temperature, 0 to 2 (not sent to models that accept only their default)")
    @Nullable Double temperature;

    @Option(names = "--system", paramLabel = "TEXT", description = "system prompt for every item")
    @Nullable String system;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "JSON Schema the answers must follow (structured output; answers written as JSON)")
    @Nullable Path schema;

    @Option(names = "--escalate", split = ",", paramLabel = "MODEL",
            description = "with --schema: models to try after an answer fails validation, cheapest first,"
                    + " e.g. --escalate gpt-4.1,o3 (network and rate-limit errors never escalate)")
    List<String> escalate = List.of();

    @Option(names = "--fsync-every", defaultValue = "100", paramLabel = "N",
            description = "ask the disk to persist the output every N lines, 0 = only at the end; lines reach the"
                    + " OS at once, so a killed process loses none (default: ${DEFAULT-VALUE})")
    int fsyncEvery;

    @picocli.CommandLine.Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines, off (default: ${DEFAULT-VALUE})")
    String progress;

    @Mixin
    SharedQuotaOptions shared = new SharedQuotaOptions();

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, @Nullable String> env;

    RunCommand(PrintStream out, PrintStream err, Function<String, @Nullable String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        Backend.Kind kind = kind();
        check(workers >= 1 && workers <= 10_000, "--workers must be between 1 and 10000 (was " + workers + ")");
        check(retries >= 0 && retries <= 100, "--retries must be between 0 and 100 (was " + retries + ")");
        check(fsyncEvery >= 0, "--fsync-every must be >= 0 (was " + fsyncEvery + ")");
        check(List.of("auto", "bar", "lines", "off").contains(progress),
                "--progress must be auto, bar, lines or off (was " + progress + ")");
        check(input == null || java.nio.file.Files.isReadable(input), "--input " + input + " is not a readable file");
        check(budget == null || budget >= 0, "--budget must be >= 0 (was " + budget + ")");
        check(rpm >= 0 && tpm >= 0, "--rpm and --tpm must be >= 0 (were " + rpm + ", " + tpm + ")");
        check(shared.replicas >= 1, "--replicas must be >= 1 (was " + shared.replicas + ")");
        check(shared.redis == null || shared.redis.matches("rediss?://.+"),
                "--redis must be a redis:// or rediss:// URI, e.g. redis://localhost:6379");
        check(escalate.isEmpty() || schema != null, "--escalate needs --schema: models escalate after an answer"
                + " fails validation");
        check((priceInput == null) == (priceOutput == null), "--price-input and --price-output go together");
        check(priceInput == null || (priceInput >= 0 && priceOutput >= 0),
                "--price-input and --price-output must be >= 0 (were " + priceInput + ", " + priceOutput + ")");
        check(maxTokens == null || maxTokens >= 1, "--max-tokens must be >= 1 (was " + maxTokens + ")");
        check(temperature == null || (temperature >= 0 && temperature <= 2),
                "--temperature must be between 0 and 2 (was " + temperature + ")");
        check(!kafka.given() || kafka.missing() == null, String.valueOf(kafka.missing()));
        check(!kafka.given() || (input == null && budget == null), "--input and --budget do not go with --kafka-bootstrap");
        Path errorsPath = errors != null ? errors : Path.of(output + ".errors.jsonl");
        checkDistinct(errorsPath);
        String key = apiKeyEnv == null ? null : env.apply(apiKeyEnv);
        check(apiKeyEnv == null || (key != null && !key.isBlank()),
                "--api-key-env " + apiKeyEnv + ": the variable is not set in the environment (or is empty)");
        JsonMapper json = JsonMapper.builder().build();
        ResponseSchema responseSchema = schema == null ? null : readSchema(json);
        ModelCatalog models = readCatalog();
        String defaultModel = model != null ? model : kind.defaultModel;
        // InputLines already refuses a duplicate id (its line goes to the errors file, never to the
        // processor, whose check would write a second result line for it): don't check twice
        String keyMaterial = key != null ? key : env.apply(kind.keyVariable);
        RedisQuotaStore store = shared.open(kind.name().toLowerCase(java.util.Locale.ROOT), defaultModel,
                keyMaterial != null ? keyMaterial : baseUrl != null ? baseUrl : "embedded", out);
        ProcessorConfig config = ProcessorConfig.builder().maxWorkers(workers).timeoutPerItem(timeout)
                .detectDuplicateIds(false)
                .adaptiveTimeout(adaptiveTimeout ? AdaptiveTimeout.defaults() : null)
                .retry(RetryConfig.builder().maxAttempts(retries + 1).initialBackoff(Duration.ofMillis(500))
                        .maxBackoff(Duration.ofSeconds(30)).build())
                .rateLimit(RateLimitConfig.builder().requestsPerMinute(rpm).tokensPerMinute(tpm).quotaStore(store).build())
                .build();
        try (store; Backend backend = Backend.open(kind, apiKeyEnv, baseUrl, timeout, workers, models, env, out)) {
            Strategies strategies = new Strategies(backend.client, system, responseSchema, json, temperature,
                    maxTokens, escalate, err);
            if (kafka.given()) {
                return KafkaJob.run(kafka, config, strategies::forModel, defaultModel, out, err);
            }
            RunJob.Options options = new RunJob.Options(input, output, errorsPath, !restart, fsyncEvery, defaultModel,
                    escalate, responseSchema != null, progressMode(), budget);
            int exit = new RunJob(out, err, json, backend, config, strategies::forModel,
                    new Pricing(models, priceInput, priceOutput), options).run();
            SharedQuotaOptions.report(store, out);
            return exit;
        }
    }

    /** Input, output and errors file must be three files, however their paths are spelled. */
    private void checkDistinct(Path errorsPath) {
        Path out = SamePath.real(output);
        check(input == null || !SamePath.real(input).equals(out), "--input and --output are the same file (" + output
                + "): the output is written while the input is read");
        check(!SamePath.real(errorsPath).equals(out), "--errors and --output are the same file (" + output + ")");
        check(input == null || !SamePath.real(input).equals(SamePath.real(errorsPath)),
                "--input and --errors are the same file (" + errorsPath + ")");
    }

    private ModelCatalog readCatalog() {
        if (catalog == null) {
            return ModelCatalog.defaults();
        }
        try {
            return ModelCatalog.defaults().withOverrides(ModelCatalog.load(catalog));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--catalog " + catalog + ": " + e.getMessage());
        }
    }

    private Backend.Kind kind() {
        return switch (provider.toLowerCase(java.util.Locale.ROOT)) {
            case "openai", "openai-compatible" -> Backend.Kind.OPENAI;
            case "anthropic" -> Backend.Kind.ANTHROPIC;
            case "gemini" -> Backend.Kind.GEMINI;
            default -> throw new ParameterException(spec.commandLine(),
                    "--provider must be openai, anthropic or gemini (was " + provider + ")");
        };
    }

    private String progressMode() {
        if (!progress.equals("auto")) {
            return progress;
        }
        return System.console() != null ? "bar" : "lines";
    }

    private ResponseSchema readSchema(JsonMapper json) {
        try {
            JsonNode node = json.readTree(java.nio.file.Files.readString(schema));
            String name = schema.getFileName().toString().replaceAll("\\.json$", "").replaceAll("[^A-Za-z0-9_-]", "_");
            return ResponseSchema.of(name.isEmpty() ? "answer" : name.length() > 64 ? name.substring(0, 64) : name, node);
        } catch (java.io.IOException e) {
            throw new ParameterException(spec.commandLine(), "--schema " + schema + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--schema " + schema + " is not a JSON Schema object: "
                    + e.getMessage());
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
