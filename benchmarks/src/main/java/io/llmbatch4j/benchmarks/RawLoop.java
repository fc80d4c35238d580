package io.llmbatch4j.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The baseline: the at-least-once consume→produce loop a team writes by hand with kafka-clients
 * alone. Per poll: parse each value, write a JSON result keyed by id with the fields the runner's
 * default serializer writes (idempotent producer, acks all), flush, then commit the batch's
 * offsets. No LLM call, no engine.
 */
final class RawLoop {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawLoop() {}

    /** {@return items/s from the first non-empty poll to the last result acknowledged} */
    static double run(String servers, String in, String out, String group, int items) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AtomicLong acked = new AtomicLong();
        long start = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                        new StringSerializer())) {
            consumer.subscribe(List.of(in));
            while (acked.get() < items) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
                if (records.isEmpty()) {
                    continue;
                }
                if (start == 0) {
                    start = System.nanoTime();
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    JsonNode item = JSON.readTree(record.value());
                    String id = item.get("id").asString();
                    ObjectNode result = JSON.createObjectNode();
                    result.put("id", id);
                    result.put("success", true);
                    result.put("output", "ok:" + item.get("prompt").asString());
                    // the same fields as the runner's ResultSerializer.json(), so both write the same bytes
                    result.putNull("model");
                    result.put("attempts", 1);
                    ObjectNode tokens = result.putObject("tokens");
                    tokens.put("input", 0);
                    tokens.put("output", 0);
                    tokens.put("cached", 0);
                    result.put("latencyMs", 0);
                    ObjectNode source = result.putObject("source");
                    source.put("topic", record.topic());
                    source.put("partition", record.partition());
                    source.put("offset", record.offset());
                    producer.send(new ProducerRecord<>(out, id, JSON.writeValueAsString(result)), (m, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                        }
                    });
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                producer.flush();
                consumer.commitAsync(offsets, null);
            }
        }
        return items / ((System.nanoTime() - start) / 1e9);
    }
}
