/**
 * Work items from a Kafka topic, shared by the members of a consumer group, results to a results
 * topic: {@link io.llmbatch4j.kafka.KafkaBatchRunner} (the delivery promise is written there),
 * {@link io.llmbatch4j.kafka.KafkaRunnerConfig}, {@link io.llmbatch4j.kafka.RecordMapper} (records to
 * items; {@link io.llmbatch4j.kafka.RecordMapper#json} for {@code {"id","prompt"}} JSON) and
 * {@link io.llmbatch4j.kafka.ResultSerializer} (results to record values).
 */
@NullMarked
package io.llmbatch4j.kafka;

import org.jspecify.annotations.NullMarked;
