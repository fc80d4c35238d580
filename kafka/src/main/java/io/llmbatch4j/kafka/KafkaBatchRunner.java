package io.llmbatch4j.kafka;

import io.llmbatch4j.core.ConfigChecks;
import io.llmbatch4j.core.ParallelBatchProcessor;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the records of a Kafka topic as work items through a {@link ParallelBatchProcessor}, one
 * member of a consumer group: start as many members (threads, processes, machines) with the same
 * group as the work needs; Kafka shares the partitions among them and moves a dead member's
 * partitions to the others.
 *
 * <h2>The delivery promise: at-least-once, duplicates recognisable by item id</h2>
 * <ul>
 *   <li>Every input record ends in exactly one of two ways: its item's result (success or failure)
 *       is acknowledged by the results topic, keyed by the item id; or, when the record cannot
 *       become an item ({@link PoisonRecordException}) or its result cannot be written, the record
 *       is acknowledged by the dead-letter topic with the reason in the {@code llmbatch.reason}
 *       header.
 *   <li>A partition's committed offset is the lowest offset whose record has not ended that way
 *       (or one past the last record polled, when all have). It never passes an unfinished record,
 *       whatever order items finish in (records of one partition run in parallel).
 *   <li>So when a member dies (even by SIGKILL), loses its partitions, or is closed with items
 *       unfinished, no record is lost: the partition's next owner starts at the committed offset
 *       and runs every record after it again. Records that had already ended after that offset
 *       are run again too: <b>their results appear twice (or more), with the same key</b>. A
 *       consumer of the results topic keeps one result per key. The LLM call of such a record is
 *       made (and paid for) again.
 *   <li>The results are written by an idempotent producer (no duplicates from its own retries).
 *       Exactly-once (Kafka transactions) is not offered: see {@code docs/kafka.md}.
 *   <li>Failed items are results too (success false, the error in the value): the engine's
 *       {@code RetryConfig} decides how often an item is tried, not Kafka.
 * </ul>
 *
 * <h2>Threads and flow</h2>
 * One poll thread owns the consumer: it polls, maps records ({@link RecordMapper}) and commits
 * (every {@link KafkaRunnerConfig#commitInterval()}). While {@link KafkaRunnerConfig#maxInFlight()}
 * records are unfinished it pauses its partitions and keeps polling, so the member stays in the
 * group. The engine is handed at most twice its {@code maxWorkers} (as configured when the runner
 * starts) items at a time; the rest wait in the runner. Results are written by one sender thread;
 * no Reactor thread ever blocks on Kafka. On a rebalance, items of the revoked partitions not yet
 * handed to the engine are given up at once, those in the engine get up to
 * {@link KafkaRunnerConfig#drainTimeout()} to be written, then the finished prefix is committed and
 * anything later is abandoned (its result, if it comes, is not written).
 *
 * <p>The processor must not check duplicate ids ({@code ProcessorConfig.detectDuplicateIds(false)}):
 * a record polled again is a legitimate second run. The processor's lifecycle is the caller's;
 * the runner never closes it.
 *
 * @param <T> the strategies' output type
 * @param <C> the mapper's context type
 */
public final class KafkaBatchRunner<T, C> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatchRunner.class);
    /** How long the clients may take to close once the loop has ended. */
    static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaRunnerConfig config;
    private final ParallelBatchProcessor<T, RecordContext<C>> processor;
    private final RecordMapper<T, C> mapper;
    private final ResultSerializer<T, C> serializer;
    private final Counters counters = new Counters();
    private final Sinks.Empty<Void> terminated = Sinks.empty();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<@Nullable PollLoop<T, C>> loop = new AtomicReference<>();
    /** Numbers the members of this JVM, for thread names. */
    private static final java.util.concurrent.atomic.AtomicInteger MEMBERS = new java.util.concurrent.atomic.AtomicInteger();

    private final String member;
    private final Thread pollThread;
    private volatile boolean closed;

    private KafkaBatchRunner(Builder<T, C> b) {
        this.config = b.config;
        this.processor = b.processor;
        this.mapper = b.mapper;
        this.serializer = b.serializer;
        this.member = config.groupId() + "-" + MEMBERS.incrementAndGet();
        this.pollThread = new Thread(this::runLoop, "llmbatch-kafka-poll-" + member);
    }

    /**
     * @param config where to read, write and commit
     * @param processor the engine the items run through; its context type is {@link RecordContext}
     * @param mapper records to items
     * @param <T> the strategies' output type
     * @param <C> the mapper's context type
     * @return a builder
     */
    public static <T, C> Builder<T, C> builder(KafkaRunnerConfig config,
            ParallelBatchProcessor<T, RecordContext<C>> processor, RecordMapper<T, C> mapper) {
        return new Builder<>(config, processor, mapper);
    }

    /**
     * Starts the member: connects, joins the group and runs records until {@link #close()}. Returns
     * at once. A second call does nothing.
     *
     * @return this
     */
    public KafkaBatchRunner<T, C> start() {
        if (started.compareAndSet(false, true)) {
            pollThread.start();
        }
        return this;
    }

    /** {@return the counters so far} */
    public KafkaRunStats stats() {
        return counters.snapshot();
    }

    /**
     * {@return a {@code Mono} completing when the member has stopped and closed its clients, or
     * erroring with what stopped it (a consumer error such as failed authentication)}
     */
    public Mono<Void> terminated() {
        return terminated.asMono();
    }

    /**
     * Stops the member: no record is polled any more, items not handed to the engine are given up,
     * those in it get up to {@link KafkaRunnerConfig#drainTimeout()} to be written, the finished prefix of each
     * partition is committed, then the run is cancelled and the clients are closed (each within
     * 5 s). Waits for all that (bounded by the drain timeout plus 15 s), except on the poll thread
     * itself and on a non-blocking (Reactor) thread, where it returns at once ({@link #terminated()}
     * tells when it is done). Harmless to call again.
     */
    @Override
    public void close() {
        closed = true;
        PollLoop<T, C> running = loop.get();
        if (running != null) {
            running.stop();
        }
        if (started.compareAndSet(false, true)) {
            terminated.tryEmitEmpty(); // never started: nothing to stop
            return;
        }
        if (Thread.currentThread() != pollThread && !Schedulers.isInNonBlockingThread()) {
            try {
                pollThread.join(config.drainTimeout().toMillis() + 3 * CLIENT_CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runLoop() {
        LinkedTransferQueue<Settlement> settled = new LinkedTransferQueue<>();
        ExecutorService senderThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "llmbatch-kafka-sender-" + member);
            t.setDaemon(true);
            return t;
        });
        Scheduler sender = Schedulers.fromExecutorService(senderThread, "llmbatch-kafka-sender");
        Throwable failure = null;
        Consumer<String, String> consumer = null;
        Producer<String, String> producer = null;
        Disposable run = null;
        try {
            consumer = new KafkaConsumer<>(KafkaClients.consumer(config));
            producer = new KafkaProducer<>(KafkaClients.producer(config));
            ResultSender<T, C> results = new ResultSender<>(producer, config.outputTopic(), serializer, settled,
                    counters);
            DeadLetters deadLetters = new DeadLetters(producer, config.deadLetterTopic(), settled, counters);
            ItemFeed<T, C> feed = new ItemFeed<>(2 * processor.config().maxWorkers(), settled, counters);
            run = processor.process(feed.items()).doOnNext(r -> feed.ended()).publishOn(sender, 256)
                    .subscribe(results::write, e -> LOG.error("the run failed; results are no longer written", e));
            PollLoop<T, C> poll = new PollLoop<>(consumer, config, mapper, settled, deadLetters, counters, feed);
            loop.set(poll);
            if (closed) {
                poll.stop();
            }
            poll.run();
        } catch (Throwable e) {
            failure = e;
            LOG.error("kafka member of group {} stopped", config.groupId(), e);
        } finally {
            if (run != null) {
                run.dispose(); // items still running end as CANCELLED: not written, not committed
            }
            senderThread.shutdown();
            try {
                senderThread.awaitTermination(CLIENT_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sender.dispose();
            if (producer != null) {
                producer.close(CLIENT_CLOSE_TIMEOUT);
            }
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
            }
            if (failure == null) {
                terminated.tryEmitEmpty();
            } else {
                terminated.tryEmitError(failure);
            }
        }
    }

    /** Builds a {@link KafkaBatchRunner}. */
    public static final class Builder<T, C> {
        private final KafkaRunnerConfig config;
        private final ParallelBatchProcessor<T, RecordContext<C>> processor;
        private final RecordMapper<T, C> mapper;
        private ResultSerializer<T, C> serializer = ResultSerializer.json();

        private Builder(KafkaRunnerConfig config, ParallelBatchProcessor<T, RecordContext<C>> processor,
                RecordMapper<T, C> mapper) {
            this.config = config;
            this.processor = processor;
            this.mapper = mapper;
        }

        /**
         * @param serializer results to record values (default {@link ResultSerializer#json()})
         * @return this
         */
        public Builder<T, C> resultSerializer(ResultSerializer<T, C> serializer) {
            this.serializer = serializer;
            return this;
        }

        /**
         * {@return the runner, not started}
         * @throws io.llmbatch4j.core.InvalidConfigException when the processor checks duplicate ids
         */
        public KafkaBatchRunner<T, C> build() {
            new ConfigChecks("KafkaBatchRunner")
                    .check(!processor.config().detectDuplicateIds(), "processor.detectDuplicateIds",
                            "must be false (a record polled again after a rebalance is run again)", true)
                    .throwIfAny();
            return new KafkaBatchRunner<>(this);
        }
    }
}
