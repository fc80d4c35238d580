package io.llmbatch4j.samples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code llmbatch run}'s Kafka options: a topic of prompts instead of a file, shared by a consumer group. */
final class KafkaOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "read the prompts from a Kafka topic instead of a file (with --input-topic, --output-topic,"
                    + " --group): one {\"id\", \"prompt\"} JSON value per record, results to the output topic keyed by"
                    + " id. Start the same command in several processes or machines: the group shares the work, and"
                    + " a member that dies loses nothing (its records run again elsewhere; a result may then appear"
                    + " twice with the same key). Runs until Ctrl-C")
    @Nullable String bootstrap;

    @Option(names = "--input-topic", paramLabel = "TOPIC", description = "with --kafka-bootstrap: the prompts' topic")
    @Nullable String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC", description = "with --kafka-bootstrap: the results' topic")
    @Nullable String outputTopic;

    @Option(names = "--group", paramLabel = "GROUP", description = "with --kafka-bootstrap: the consumer group")
    @Nullable String group;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "with --kafka-bootstrap: where records that are not prompts go, with the reason in a header"
                    + " (default: <input-topic>.dlq)")
    @Nullable String deadLetterTopic;

    @Option(names = "--kafka-max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "with --kafka-bootstrap: records read and not yet finished before reading pauses"
                    + " (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "with --kafka-bootstrap: a kafka-clients setting for the consumer and the producer, e.g."
                    + " security.protocol=SSL or session.timeout.ms=10000 (repeatable; values are never printed)")
    Map<String, String> properties = new LinkedHashMap<>();

    /** {@return whether any Kafka option was given} */
    boolean given() {
        return bootstrap != null || inputTopic != null || outputTopic != null || group != null
                || deadLetterTopic != null || !properties.isEmpty();
    }

    /** {@return what is missing for a Kafka run, or null} */
    @Nullable String missing() {
        if (bootstrap == null || inputTopic == null || outputTopic == null || group == null) {
            return "--kafka-bootstrap, --input-topic, --output-topic and --group go together";
        }
        return null;
    }
}
