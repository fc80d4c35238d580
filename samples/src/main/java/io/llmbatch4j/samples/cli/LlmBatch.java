package io.llmbatch4j.samples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code llmbatch} command line: {@code llmbatch run --input prompts.jsonl --output results.jsonl}.
 * Run {@code llmbatch run --help} for every option.
 */
@Command(name = "llmbatch", mixinStandardHelpOptions = true, version = "llmbatch 0.1.0",
        description = "Runs large numbers of LLM calls in parallel: JSONL prompts in, JSONL results out.",
        subcommands = CommandLine.HelpCommand.class)
public final class LlmBatch implements Runnable {

    /**
     * Hibernate Validator announces its version on java.util.logging; a CLI prints only what matters.
     * Held here: JUL keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("org.hibernate.validator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private LlmBatch() {}

    /** Without a subcommand: the usage, as bad usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do, e.g. 'llmbatch run --help'");
    }

    /**
     * Reactor Netty logs a WARN line with a stack trace for every dropped connection; the run
     * retries them and the summary counts them ("connection errors"), so they are not news on the
     * console. Set the property yourself ({@code -D...=warn}) to see them.
     */
    private static final String CONNECTION_LOG = "org.slf4j.simpleLogger.log.reactor.netty.http.client.HttpClientConnect";

    public static void main(String[] args) {
        QUIET.setLevel(java.util.logging.Level.WARNING);
        if (System.getProperty(CONNECTION_LOG) == null) {
            System.setProperty(CONNECTION_LOG, "error");
        }
        int code = execute(args, System.out, System.err, null);
        System.exit(code);
    }

    /**
     * Runs the command line; returns the exit code (0 all succeeded, 1 some failed, 2 bad usage).
     *
     * @param env environment variables, or null for the process's own
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, @Nullable Map<String, String> env) {
        CommandLine cli = new CommandLine(new LlmBatch());
        cli.addSubcommand("run", new CommandLine(new RunCommand(out, err, Backend.env(env))));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("llmbatch: " + e.getMessage());
            // a value the libraries refused (a bad model name, a bad config) is a usage error
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }
}
