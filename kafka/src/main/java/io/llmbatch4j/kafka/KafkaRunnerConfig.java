package io.llmbatch4j.kafka;

import io.llmbatch4j.core.ConfigChecks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link KafkaBatchRunner} reads, writes and commits, and its bounds. Immutable; built with
 * {@link #builder()}, whose {@code build()} refuses every bad field at once, naming each.
 *
 * <p>Extra client settings ({@link Builder#consumerProperty}, {@link Builder#producerProperty}: TLS,
 * SASL, timeouts) may hold secrets: {@link #toString()} shows their names only.
 */
public final class KafkaRunnerConfig {

    /** Records polled and not yet finished, per runner, before its partitions are paused: {@value}. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    /** How often finished offsets are committed: 1 s. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** How long revoked partitions' items in flight may take to finish: 10 s. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** The longest wait of one {@code poll}: 50 ms (it bounds how late a commit or a resume is). */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(50);

    private final String bootstrapServers;
    private final String inputTopic;
    private final String outputTopic;
    private final String deadLetterTopic;
    private final String groupId;
    private final int maxInFlight;
    private final Duration commitInterval;
    private final Duration drainTimeout;
    private final Duration pollTimeout;
    private final String autoOffsetReset;
    private final Map<String, String> consumerProperties;
    private final Map<String, String> producerProperties;

    private KafkaRunnerConfig(Builder b) {
        bootstrapServers = b.bootstrapServers;
        inputTopic = b.inputTopic;
        outputTopic = b.outputTopic;
        deadLetterTopic = b.deadLetterTopic != null ? b.deadLetterTopic : b.inputTopic + ".dlq";
        groupId = b.groupId;
        maxInFlight = b.maxInFlight;
        commitInterval = b.commitInterval;
        drainTimeout = b.drainTimeout;
        pollTimeout = b.pollTimeout;
        autoOffsetReset = b.autoOffsetReset;
        consumerProperties = Map.copyOf(b.consumerProperties);
        producerProperties = Map.copyOf(b.producerProperties);
    }

    /** {@return a builder; bootstrap servers, input and output topic and group id are required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the brokers, {@code host:port[,host:port...]}} */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@return the topic of the work items} */
    public String inputTopic() {
        return inputTopic;
    }

    /** {@return the topic the results are written to, keyed by item id} */
    public String outputTopic() {
        return outputTopic;
    }

    /** {@return the topic poison records go to (default: the input topic + {@code .dlq})} */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** {@return the consumer group the members share the work through} */
    public String groupId() {
        return groupId;
    }

    /** {@return the records polled and not yet finished above which the runner pauses its partitions} */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** {@return how often finished offsets are committed} */
    public Duration commitInterval() {
        return commitInterval;
    }

    /** {@return how long items in flight of revoked partitions (or at close) may take to finish} */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** {@return the longest wait of one poll} */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** {@return where a group with no committed offset starts: {@code earliest} (default) or {@code latest}} */
    public String autoOffsetReset() {
        return autoOffsetReset;
    }

    /** {@return extra consumer settings, laid over the runner's} */
    public Map<String, String> consumerProperties() {
        return consumerProperties;
    }

    /** {@return extra producer settings, laid over the runner's} */
    public Map<String, String> producerProperties() {
        return producerProperties;
    }

    /** {@return the settings, extra properties by name only (they may hold secrets)} */
    @Override
    public String toString() {
        return "KafkaRunnerConfig{bootstrapServers=" + bootstrapServers + ", inputTopic=" + inputTopic
                + ", outputTopic=" + outputTopic + ", deadLetterTopic=" + deadLetterTopic + ", groupId=" + groupId
                + ", maxInFlight=" + maxInFlight + ", commitInterval=" + commitInterval + ", drainTimeout="
                + drainTimeout + ", pollTimeout=" + pollTimeout + ", autoOffsetReset=" + autoOffsetReset
                + ", consumerProperties=" + consumerProperties.keySet() + ", producerProperties="
                + producerProperties.keySet() + "}";
    }

    /** Builds a {@link KafkaRunnerConfig}; not thread-safe. */
    public static final class Builder {
        private String bootstrapServers = "";
        private String inputTopic = "";
        private String outputTopic = "";
        private @Nullable String deadLetterTopic;
        private String groupId = "";
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private String autoOffsetReset = "earliest";
        private final Map<String, String> consumerProperties = new LinkedHashMap<>();
        private final Map<String, String> producerProperties = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param servers the brokers, {@code host:port[,host:port...]}
         * @return this
         */
        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /**
         * @param topic the topic of the work items
         * @return this
         */
        public Builder inputTopic(String topic) {
            this.inputTopic = topic;
            return this;
        }

        /**
         * @param topic the results topic
         * @return this
         */
        public Builder outputTopic(String topic) {
            this.outputTopic = topic;
            return this;
        }

        /**
         * @param topic the dead-letter topic (default: the input topic + {@code .dlq})
         * @return this
         */
        public Builder deadLetterTopic(String topic) {
            this.deadLetterTopic = topic;
            return this;
        }

        /**
         * @param group the consumer group
         * @return this
         */
        public Builder groupId(String group) {
            this.groupId = group;
            return this;
        }

        /**
         * @param max records polled and not yet finished above which partitions are paused (1 to 1,000,000)
         * @return this
         */
        public Builder maxInFlight(int max) {
            this.maxInFlight = max;
            return this;
        }

        /**
         * @param interval how often finished offsets are committed (positive)
         * @return this
         */
        public Builder commitInterval(Duration interval) {
            this.commitInterval = interval;
            return this;
        }

        /**
         * @param timeout how long revoked partitions' items in flight (or all, at close) may take to
         *     finish before they are abandoned (positive, under the consumer's {@code max.poll.interval.ms})
         * @return this
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * @param timeout the longest wait of one poll (positive, at most 1 s)
         * @return this
         */
        public Builder pollTimeout(Duration timeout) {
            this.pollTimeout = timeout;
            return this;
        }

        /**
         * @param reset {@code earliest} or {@code latest}: where a group with no committed offset starts
         * @return this
         */
        public Builder autoOffsetReset(String reset) {
            this.autoOffsetReset = reset;
            return this;
        }

        /**
         * @param name a kafka-clients consumer setting (not one the runner owns: group, commit, deserializers)
         * @param value its value
         * @return this
         */
        public Builder consumerProperty(String name, String value) {
            consumerProperties.put(name, value);
            return this;
        }

        /**
         * @param name a kafka-clients producer setting (not one the runner owns: serializers, idempotence, acks)
         * @param value its value
         * @return this
         */
        public Builder producerProperty(String name, String value) {
            producerProperties.put(name, value);
            return this;
        }

        /**
         * {@return the config}
         * @throws io.llmbatch4j.core.InvalidConfigException naming every bad field with its value
         */
        public KafkaRunnerConfig build() {
            String dlq = deadLetterTopic != null ? deadLetterTopic : inputTopic + ".dlq";
            long maxPoll = KafkaClients.maxPollIntervalMs(consumerProperties);
            new ConfigChecks("KafkaRunnerConfig")
                    .check(!bootstrapServers.isBlank(), "bootstrapServers", "must not be blank", bootstrapServers)
                    .check(!inputTopic.isBlank(), "inputTopic", "must not be blank", inputTopic)
                    .check(!outputTopic.isBlank() && !outputTopic.equals(inputTopic), "outputTopic",
                            "must not be blank nor the input topic", outputTopic)
                    .check(!dlq.isBlank() && !dlq.equals(inputTopic) && !dlq.equals(outputTopic), "deadLetterTopic",
                            "must not be blank nor the input or output topic", dlq)
                    .check(!groupId.isBlank(), "groupId", "must not be blank", groupId)
                    .check(maxInFlight >= 1 && maxInFlight <= 1_000_000, "maxInFlight",
                            "must be between 1 and 1000000", maxInFlight)
                    .check(positive(commitInterval), "commitInterval", "must be positive", commitInterval)
                    .check(positive(drainTimeout) && drainTimeout.toMillis() < maxPoll, "drainTimeout",
                            "must be positive and under max.poll.interval.ms (" + maxPoll + " ms)", drainTimeout)
                    .check(positive(pollTimeout) && pollTimeout.compareTo(Duration.ofSeconds(1)) <= 0, "pollTimeout",
                            "must be positive and at most 1 s", pollTimeout)
                    .check(autoOffsetReset.equals("earliest") || autoOffsetReset.equals("latest"), "autoOffsetReset",
                            "must be earliest or latest", autoOffsetReset)
                    .check(KafkaClients.owned(consumerProperties).isEmpty(), "consumerProperties", "must not set what the runner"
                            + " owns", KafkaClients.owned(consumerProperties))
                    .check(KafkaClients.owned(producerProperties).isEmpty(), "producerProperties", "must not set what the runner"
                            + " owns", KafkaClients.owned(producerProperties))
                    .throwIfAny();
            return new KafkaRunnerConfig(this);
        }

        private static boolean positive(@Nullable Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

    }
}
