package io.llmbatch4j.samples.cli;

import io.llmbatch4j.core.LLMCallStrategy;
import io.llmbatch4j.core.ParallelBatchProcessor;
import io.llmbatch4j.core.ProcessorConfig;
import io.llmbatch4j.kafka.KafkaBatchRunner;
import io.llmbatch4j.kafka.KafkaRunStats;
import io.llmbatch4j.kafka.KafkaRunnerConfig;
import io.llmbatch4j.kafka.RecordContext;
import io.llmbatch4j.kafka.RecordMapper;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * {@code llmbatch run --kafka-bootstrap ...}: one member of a consumer group running the records of
 * a topic until the process is stopped (Ctrl-C or {@code kill}: the member drains, commits what is
 * finished and leaves the group; {@code kill -9} loses nothing either, see {@link KafkaBatchRunner}).
 */
final class KafkaJob {

    private KafkaJob() {}

    /** @return the exit code: 0 when stopped, 1 when the member failed (e.g. the brokers refused it) */
    static int run(KafkaOptions options, ProcessorConfig config, Function<String, LLMCallStrategy<String>> forModel,
            String defaultModel, PrintStream out, PrintStream err) {
        KafkaRunnerConfig.Builder builder = KafkaRunnerConfig.builder().bootstrapServers(options.bootstrap)
                .inputTopic(options.inputTopic).outputTopic(options.outputTopic).groupId(options.group)
                .maxInFlight(options.maxInFlight);
        if (options.deadLetterTopic != null) {
            builder.deadLetterTopic(options.deadLetterTopic);
        }
        options.properties.forEach((k, v) -> builder.consumerProperty(k, v).producerProperty(k, v));
        KafkaRunnerConfig kafka = builder.build();
        try (ParallelBatchProcessor<String, RecordContext<Void>> processor = ParallelBatchProcessor
                .<String, RecordContext<Void>>builder().config(config).build();
                KafkaBatchRunner<String, Void> runner = KafkaBatchRunner.builder(kafka, processor,
                        RecordMapper.json(model -> forModel.apply(model != null ? model : defaultModel))).build()) {
            // printed once, by the main thread or the hook; the hook waits for it (the JVM halts after the hook)
            boolean[] summarized = {false};
            Runnable summary = () -> {
                synchronized (summarized) {
                    if (summarized[0]) {
                        return;
                    }
                    summarized[0] = true;
                    KafkaRunStats s = runner.stats();
                    out.printf("Stopped: %d records read, %d results written (%d failed items), %d dead letters,"
                            + " %d given up for the next owner.%n", s.polled(), s.resultsWritten(),
                            s.failedResultsWritten(), s.deadLettered(), s.givenUp());
                    out.flush();
                }
            };
            // Ctrl-C or kill: the member drains, commits and leaves; the JVM ends when this hook does
            Thread stop = new Thread(() -> {
                runner.close();
                summary.run();
            }, "llmbatch-kafka-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            out.println("Kafka member of group " + kafka.groupId() + ": " + kafka.inputTopic() + " -> "
                    + kafka.outputTopic() + " (dead letters: " + kafka.deadLetterTopic() + ") at "
                    + kafka.bootstrapServers() + ". Ctrl-C stops it.");
            out.flush();
            try {
                runner.start().terminated().block();
                return 0;
            } catch (RuntimeException e) {
                err.println("llmbatch: the Kafka member stopped: " + e.getMessage());
                return 1;
            } finally {
                summary.run();
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what stopped the member
                }
            }
        }
    }
}
