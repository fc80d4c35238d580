package io.llmbatch4j.middleware;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.Middleware;
import io.llmbatch4j.core.MiddlewareDecision;
import io.llmbatch4j.core.TokenUsage;
import io.llmbatch4j.core.WorkItemResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An append-only JSONL journal of finished items, so that a rerun after a crash (kill -9
 * included) ends every item exactly once.
 *
 * <ul>
 *   <li><b>Write</b>: {@code afterProcess} appends one line per finished item — every success, and
 *       failures of the kinds in {@code recordFailures} (none by default: a failed item is tried
 *       again on the next run) — and completes only once the line is written (and forced to the
 *       device, per the {@link FsyncPolicy}). The processor reports an item done only after that,
 *       so an item the caller saw as done is in the journal. Writes run on {@code ioScheduler}
 *       (default {@link Schedulers#boundedElastic()}), never on a worker thread.
 *   <li><b>Replay</b>: opening the journal reads it; {@code beforeProcess} answers an item whose id
 *       it holds from the entry, without calling the model (output, model, attempts 0, usage zero —
 *       the tokens were paid by the earlier run). A later entry for the same id is ignored.
 *   <li><b>Crash tolerance</b>: a crash can only tear the last line. On open, a last line without
 *       its newline is cut off (its item is simply done again); a line that does not parse is
 *       logged and skipped.
 * </ul>
 *
 * Outputs are stored as JSON via Jackson ({@code outputType}); {@link #close()} forces and closes
 * the file. One journal serves one processor at a time.
 */
public final class JournalMiddleware<T, C> implements Middleware<T, C>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalMiddleware.class);

    /** One line of the journal, as replayed. */
    private record Entry(boolean ok, JsonNode output, String model, ErrorInfo error) {}

    private final Path file;
    private final Class<T> outputType;
    private final JsonMapper mapper;
    private final FsyncPolicy fsync;
    private final int fsyncEvery;
    private final Set<ErrorKind> recordFailures;
    private final Scheduler ioScheduler;
    private final Map<String, Entry> done = new ConcurrentHashMap<>();
    private final FileChannel channel;
    private int unforced;

    private JournalMiddleware(Builder<T, C> b) {
        this.file = b.file;
        this.outputType = b.outputType;
        this.mapper = b.mapper;
        this.fsync = b.fsync;
        this.fsyncEvery = b.fsyncEvery;
        this.recordFailures = Set.copyOf(b.recordFailures);
        this.ioScheduler = b.ioScheduler;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            load();
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    /**
     * A journal in {@code file} for outputs of {@code outputType}.
     *
     * @param file the journal file; created when missing, read (replayed) when {@link Builder#build()} opens it
     * @param outputType the outputs' type, for Jackson to read them back
     * @param <T> the strategies' output type
     * @param <C> the items' context type
     * @return a builder
     */
    public static <T, C> Builder<T, C> builder(Path file, Class<T> outputType) {
        return new Builder<>(file, outputType);
    }

    /** {@return how many items the journal holds (finished in this or earlier runs)} */
    public int size() {
        return done.size();
    }

    /**
     * Whether {@code itemId} is finished according to the journal.
     *
     * @param itemId the item's id
     * @return whether it has an entry
     */
    public boolean contains(String itemId) {
        return done.containsKey(itemId);
    }

    @Override
    public Mono<MiddlewareDecision<T, C>> beforeProcess(LLMWorkItem<T, C> item) {
        Entry e = done.get(item.itemId());
        if (e == null) {
            return Mono.empty();
        }
        WorkItemResult<T, C> answer = e.ok()
                ? WorkItemResult.success(item.itemId(), output(e.output()), TokenUsage.ZERO, 0, Duration.ZERO,
                        e.model(), item.context())
                : WorkItemResult.failure(item.itemId(), e.error(), TokenUsage.ZERO, 0, Duration.ZERO, item.context());
        return Mono.just(MiddlewareDecision.answer(answer));
    }

    @Override
    public Mono<WorkItemResult<T, C>> afterProcess(WorkItemResult<T, C> result) {
        ErrorInfo error = result.error();
        if (!result.success() && (error == null || !recordFailures.contains(error.kind()))) {
            return Mono.empty();
        }
        if (done.containsKey(result.itemId())) {
            return Mono.empty();
        }
        return Mono.<WorkItemResult<T, C>>fromRunnable(() -> append(result)).subscribeOn(ioScheduler);
    }

    private void append(WorkItemResult<T, C> r) {
        ObjectNode line = mapper.createObjectNode();
        line.put("id", r.itemId());
        line.put("ok", r.success());
        if (r.success()) {
            line.set("output", mapper.valueToTree(r.output()));
            if (r.model() != null) {
                line.put("model", r.model());
            }
        } else {
            ErrorInfo e = r.error();
            line.putObject("error").put("kind", e.kind().name()).put("type", e.errorType()).put("message", e.message());
        }
        line.put("attempts", r.attempts());
        line.putObject("usage").put("input", r.usage().inputTokens()).put("output", r.usage().outputTokens())
                .put("cached", r.usage().cachedInputTokens());
        byte[] bytes = (mapper.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (done.containsKey(r.itemId())) {
                return;
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                if (fsync == FsyncPolicy.ALWAYS || (fsync == FsyncPolicy.EVERY_N && ++unforced >= fsyncEvery)) {
                    channel.force(false);
                    unforced = 0;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("journal write failed for item " + r.itemId(), e);
            }
            done.put(r.itemId(), parse(line));
        }
    }

    private void load() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        byte[] all = Files.readAllBytes(file);
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        if (end < all.length) {
            LOG.warn("journal {}: cutting off a torn last line ({} bytes) left by a crash", file, all.length - end);
            channel.truncate(end);
            channel.force(true);
        }
        String text = new String(all, 0, end, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = mapper.readTree(line);
                done.putIfAbsent(node.get("id").asString(), parse(node));
            } catch (RuntimeException e) {
                LOG.warn("journal {}: line {} does not parse; skipped", file, lineNo);
            }
        }
    }

    private Entry parse(JsonNode node) {
        boolean ok = node.get("ok").asBoolean();
        JsonNode error = node.get("error");
        ErrorInfo info = ok || error == null ? null : new ErrorInfo(ErrorKind.valueOf(error.get("kind").asString()),
                error.get("message").asString(), error.get("type").asString(), null, null);
        JsonNode model = node.get("model");
        return new Entry(ok, node.get("output"), model == null ? null : model.asString(), info);
    }

    private T output(JsonNode node) {
        return node == null || node.isNull() ? null : mapper.treeToValue(node, outputType);
    }

    /** Forces what was written and closes the file. */
    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing journal " + file + " failed", e);
        }
    }

    /** Builds a {@link JournalMiddleware}; {@link #build()} opens (and repairs) the file. */
    public static final class Builder<T, C> {
        private final Path file;
        private final Class<T> outputType;
        private JsonMapper mapper = JsonMapper.builder().build();
        private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        private int fsyncEvery = 100;
        private Set<ErrorKind> recordFailures = EnumSet.noneOf(ErrorKind.class);
        private Scheduler ioScheduler = Schedulers.boundedElastic();

        private Builder(Path file, Class<T> outputType) {
            this.file = Objects.requireNonNull(file, "file");
            this.outputType = Objects.requireNonNull(outputType, "outputType");
        }

        /**
         * How outputs are written and read (default: a plain {@link JsonMapper}).
         *
         * @param mapper the mapper for outputs
         * @return this builder
         */
        public Builder<T, C> mapper(JsonMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * When writes are forced to the device (default {@link FsyncPolicy#ALWAYS}).
         *
         * @param fsync the policy
         * @return this builder
         */
        public Builder<T, C> fsync(FsyncPolicy fsync) {
            this.fsync = Objects.requireNonNull(fsync, "fsync");
            return this;
        }

        /**
         * Sets {@link FsyncPolicy#EVERY_N} with {@code n} entries between forces.
         *
         * @param n at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code n < 1}
         */
        public Builder<T, C> fsyncEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("fsyncEvery must be >= 1 (was " + n + ")");
            }
            this.fsync = FsyncPolicy.EVERY_N;
            this.fsyncEvery = n;
            return this;
        }

        /**
         * Failure kinds that are final too (e.g. PERMANENT): their items are not tried again on a rerun.
         *
         * @param kinds the failure kinds journaled as final
         * @return this builder
         */
        public Builder<T, C> recordFailures(Set<ErrorKind> kinds) {
            this.recordFailures = kinds.isEmpty() ? EnumSet.noneOf(ErrorKind.class) : EnumSet.copyOf(kinds);
            return this;
        }

        /**
         * Where writes run (default {@link Schedulers#boundedElastic()}).
         *
         * @param ioScheduler the scheduler for file writes
         * @return this builder
         */
        public Builder<T, C> ioScheduler(Scheduler ioScheduler) {
            this.ioScheduler = Objects.requireNonNull(ioScheduler, "ioScheduler");
            return this;
        }

        /**
         * Opens the journal file and replays it (a torn last line is cut off).
         *
         * @return the journal; {@link JournalMiddleware#close()} it when the run is over
         * @throws java.io.UncheckedIOException when the file cannot be opened or read
         */
        public JournalMiddleware<T, C> build() {
            return new JournalMiddleware<>(this);
        }
    }
}
