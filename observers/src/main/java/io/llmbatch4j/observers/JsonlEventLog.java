package io.llmbatch4j.observers;

import io.llmbatch4j.core.CallTarget;
import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.core.RateLimitSnapshot;
import io.llmbatch4j.core.TokenUsage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes every event as one JSON object per line, for later analysis: {@code "event"} is the
 * event's simple name ({@code "AttemptEnded"}), then each of its record fields by name. Times are
 * ISO-8601 instants, durations are milliseconds as numbers ({@code "durationMs"}), token usage is
 * {@code {"input":..,"output":..,"cached":..}}, errors are {@code {"kind","type","message","retryAfterMs"}}
 * (never the exception's stack or cause), quota snapshots and call targets are objects of their
 * fields; null fields are left out. Prompts and outputs never appear (events carry neither).
 *
 * <p>Lines are buffered and flushed when a run completes and on {@link #close()}. A write that
 * fails is logged once and later events are dropped; the run is never affected.
 */
public final class JsonlEventLog implements ProcessingObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JsonlEventLog.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private final Writer out;
    private boolean failed;

    /**
     * Appends to {@code file}, creating it when missing.
     *
     * @param file the log file
     * @return the log, to register as an observer and close when done
     */
    public static JsonlEventLog open(Path file) {
        try {
            return new JsonlEventLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event log " + file, e);
        }
    }

    /**
     * Writes to {@code out} (buffered here when it is not already a {@link BufferedWriter}).
     *
     * @param out where the lines go; closed by {@link #close()}
     */
    public JsonlEventLog(Writer out) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out);
    }

    @Override
    public synchronized void onEvent(ProcessingEvent event) {
        if (failed) {
            return;
        }
        try {
            out.write(MAPPER.writeValueAsString(toJson(event)));
            out.write('\n');
            if (event instanceof ProcessingEvent.BatchCompleted) {
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.warn("event log write failed; later events are not logged", e);
        }
    }

    /** The JSON object of {@code event}. */
    static ObjectNode toJson(ProcessingEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("event", event.getClass().getSimpleName());
        RecordComponent[] components = COMPONENTS.computeIfAbsent(event.getClass(), Class::getRecordComponents);
        for (RecordComponent c : components) {
            Object value;
            try {
                value = c.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            put(node, c.getName(), value);
        }
        return node;
    }

    private static void put(ObjectNode node, String name, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Instant i) {
            node.put(name, i.toString());
        } else if (value instanceof Duration d) {
            node.put(name + "Ms", d.toNanos() / 1_000_000.0);
        } else if (value instanceof TokenUsage u) {
            node.putObject(name).put("input", u.inputTokens()).put("output", u.outputTokens())
                    .put("cached", u.cachedInputTokens());
        } else if (value instanceof ErrorInfo e) {
            ObjectNode o = node.putObject(name).put("kind", e.kind().name()).put("type", e.errorType())
                    .put("message", e.message());
            if (e.retryAfter() != null) {
                o.put("retryAfterMs", e.retryAfter().toMillis());
            }
        } else if (value instanceof RateLimitSnapshot s) {
            ObjectNode o = node.putObject(name);
            o.put("provider", s.provider());
            o.put("observedAt", s.observedAt().toString());
            putLong(o, "requestsLimit", s.requestsLimit());
            putLong(o, "requestsRemaining", s.requestsRemaining());
            putLong(o, "requestsResetMs", s.requestsReset() == null ? null : s.requestsReset().toMillis());
            putLong(o, "tokensLimit", s.tokensLimit());
            putLong(o, "tokensRemaining", s.tokensRemaining());
            putLong(o, "tokensResetMs", s.tokensReset() == null ? null : s.tokensReset().toMillis());
        } else if (value instanceof CallTarget t) {
            node.putObject(name).put("provider", t.provider()).put("model", t.model()).put("operation", t.operation());
        } else if (value instanceof Integer n) {
            node.put(name, n);
        } else if (value instanceof Long n) {
            node.put(name, n);
        } else if (value instanceof Boolean b) {
            node.put(name, b);
        } else if (value instanceof Enum<?> e) {
            node.put(name, e.name());
        } else {
            node.put(name, value.toString());
        }
    }

    private static void putLong(ObjectNode o, String name, @Nullable Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    /** Flushes and closes the output. */
    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("closing the event log failed", e);
        }
    }
}
