package io.llmbatch4j.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Members of one group as child processes over a topic of {@code {"id","prompt"}} items: one is
 * killed with SIGKILL once a fifth of the ids have results, started again once two thirds have,
 * and the results topic is read until every id is there (or the timeout). The kill test (scaled)
 * and {@code BenchMain kafka-members} (full size) both run it.
 */
public final class MemberKillScenario {

    /** Starts member number {@code n} (0, 1, ...; the restarted one gets the next number). */
    @FunctionalInterface
    public interface Members {
        /**
         * @param n the member's number
         * @return its process
         * @throws Exception when it cannot start
         */
        Process start(int n) throws Exception;
    }

    /**
     * @param results result records read
     * @param perId results per id
     * @param repeated ids with more than one result
     * @param took from the first member's start to the last id's result
     * @param members the processes, all stopped (SIGTERM) by the time this is returned
     */
    public record Outcome(int results, Map<String, Integer> perId, long repeated, Duration took,
            List<Process> members) {}

    private MemberKillScenario() {}

    /**
     * @param broker the broker
     * @param input the input topic (created here with {@code partitions}, as the output topic)
     * @param output the results topic
     * @param items how many items ({@code id} = {@code "t" + i})
     * @param partitions the input topic's partitions
     * @param count how many members
     * @param members starts a member
     * @param timeout how long to wait for all ids
     * @return what the results topic held
     * @throws Exception when a member cannot start
     */
    public static Outcome run(KafkaBroker broker, String input, String output, int items, int partitions, int count,
            Members members, Duration timeout) throws Exception {
        broker.createTopics(partitions, input, output, input + ".dlq");
        Topics.write(broker.bootstrapServers(), input, IntStream.range(0, items)
                .mapToObj(i -> "{\"id\":\"t" + i + "\",\"prompt\":\"Ticket #" + i + "\"}").toList());
        List<Process> running = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                running.add(members.start(i));
            }
            awaitDistinct(broker, output, items / 5, timeout);
            running.get(0).destroyForcibly(); // SIGKILL: no drain, no commit, no leaving the group
            running.get(0).waitFor(30, TimeUnit.SECONDS);
            awaitDistinct(broker, output, items * 2 / 3, timeout);
            running.add(members.start(count));
            List<ConsumerRecord<String, String>> results = awaitDistinct(broker, output, items, timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Map<String, Integer> perId = new HashMap<>();
            results.forEach(r -> perId.merge(r.key(), 1, Integer::sum));
            long repeated = perId.values().stream().filter(n -> n > 1).count();
            return new Outcome(results.size(), perId, repeated, took, running);
        } finally {
            for (Process p : running) {
                p.destroy(); // SIGTERM: a member drains, commits and leaves
            }
            for (Process p : running) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static List<ConsumerRecord<String, String>> awaitDistinct(KafkaBroker broker, String topic, int ids,
            Duration timeout) {
        return Topics.readUntil(broker.bootstrapServers(), topic, timeout,
                r -> r.stream().map(ConsumerRecord::key).distinct().count() >= ids);
    }
}
