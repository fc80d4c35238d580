package io.llmbatch4j.samples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The output file, which is also the run's journal: one JSON line per finished item, appended
 * with a single write each, so a process killed at any moment leaves every finished item's line
 * complete and at most one torn last line. Opening it again returns the ids already finished,
 * which the rerun skips: every input item ends up in the output exactly once, and a finished item
 * is never sent again. One file instead of output + journal leaves no window in which the two
 * disagree.
 *
 * <p>A run holds an exclusive lock on the file from {@link #open} to {@link #close}: a second run
 * on the same output is refused at once ({@link InUseException}) instead of sending every request
 * again. On resume, lines that are not result lines (a torn write, bytes from elsewhere) are never
 * a dead end: at the end of the file they are cut ({@link #repair()} says how many bytes from
 * which line); between result lines they are left alone and listed.
 *
 * <p>Lines reach the operating system when written (a killed process loses nothing written);
 * {@link #force()} also asks the disk to keep them through a power loss. Appends and
 * {@link #force()} may come from different threads (the result path and a shutdown hook).
 */
final class ResultLog implements AutoCloseable {

    /** Another run holds the output's lock. */
    static final class InUseException extends IllegalArgumentException {
        InUseException(Path path) {
            super(path + " is in use by another llmbatch run (it holds the file's lock): wait for that run to end,"
                    + " or choose another --output");
        }
    }

    /**
     * What opening found that was not a result line.
     *
     * @param cutFromLine the first line of the cut tail, 0 when nothing was cut
     * @param cutBytes the bytes cut from the end
     * @param ignoredLines lines between result lines that are not result lines (left in the file)
     */
    record Repair(long cutFromLine, long cutBytes, List<Long> ignoredLines) {}

    private final FileChannel channel;
    private final Set<String> finished;
    private final Repair repair;
    private final int forceEvery;
    private long linesSinceForce;

    private ResultLog(FileChannel channel, Set<String> finished, Repair repair, int forceEvery) {
        this.channel = channel;
        this.finished = finished;
        this.repair = repair;
        this.forceEvery = forceEvery;
    }

    /**
     * Opens and locks {@code path} for appending, creating it if needed. With {@code resume}, the
     * ids of the result lines already there are returned by {@link #finishedIds()}; without, the
     * file is left as it is until {@link #clear()}.
     *
     * @param forceEvery ask the disk to persist after this many lines (0 = only at close)
     * @throws InUseException when another run holds the file
     */
    static ResultLog open(Path path, boolean resume, JsonMapper json, int forceEvery) {
        FileChannel channel = null;
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (!lock(channel)) {
                throw new InUseException(path);
            }
            Set<String> ids = new HashSet<>();
            Repair repair = new Repair(0, 0, List.of());
            if (resume) {
                repair = scan(channel, ids, json);
            }
            channel.position(channel.size());
            ResultLog log = new ResultLog(channel, ids, repair, forceEvery);
            channel = null;
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open output " + path, e);
        } finally {
            closeQuietly(channel);
        }
    }

    /** Ids of items finished by earlier runs (empty unless resuming). */
    Set<String> finishedIds() {
        return finished;
    }

    /** What opening cut or ignored. */
    Repair repair() {
        return repair;
    }

    /** Empties the file (a {@code --restart}). */
    synchronized void clear() {
        try {
            channel.truncate(0);
            channel.position(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty output", e);
        }
    }

    /** Appends one line (a newline is added) in a single write. */
    synchronized void append(String line) {
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (forceEvery > 0 && ++linesSinceForce >= forceEvery) {
                force();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output", e);
        }
    }

    synchronized void force() throws IOException {
        channel.force(false);
        linesSinceForce = 0;
    }

    /** Persists and closes the file, which releases its lock. */
    @Override
    public synchronized void close() {
        try {
            force();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close output", e);
        }
    }

    private static boolean lock(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            return lock != null; // released when the channel closes, or by the OS when the process dies
        } catch (OverlappingFileLockException e) {
            return false; // this process already runs on it
        }
    }

    /** Collects the finished ids; cuts the tail after the last result line; lists other bad lines. */
    private static Repair scan(FileChannel channel, Set<String> ids, JsonMapper json) throws IOException {
        channel.position(0);
        ByteLines lines = new ByteLines(Channels.newInputStream(channel));
        long keep = 0;
        List<Long> pending = new ArrayList<>();
        List<Long> ignored = new ArrayList<>();
        ByteLines.Line line;
        while ((line = lines.next()) != null) {
            String id = line.terminated() ? resultId(line, json) : null;
            if (id != null) {
                ids.add(id);
                ignored.addAll(pending);
                pending.clear();
                keep = line.end();
            } else if (line.terminated() && isBlank(line)) {
                if (pending.isEmpty()) {
                    keep = line.end(); // a blank line after a result: harmless, kept
                }
            } else {
                pending.add(line.number());
            }
        }
        long size = channel.size();
        if (keep < size) {
            channel.truncate(keep);
        }
        return new Repair(pending.isEmpty() ? 0 : pending.get(0), size - keep, List.copyOf(ignored));
    }

    private static boolean isBlank(ByteLines.Line line) {
        String text = line.text();
        return text != null && text.isBlank();
    }

    /** The id of a result line ({@code {"id": ..., "success": ...}}), else null. */
    private static String resultId(ByteLines.Line line, JsonMapper json) {
        String text = line.text();
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            JsonNode id = node == null ? null : node.get("id");
            return id != null && id.isString() && node.path("success").isBoolean() ? id.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // opening already failed; that error is the one to report
            }
        }
    }
}
