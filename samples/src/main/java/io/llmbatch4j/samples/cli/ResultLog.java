package io.llmbatch4j.samples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The output file, which is also the run's journal: one JSON line per finished item, appended
 * with a single write each, so a process killed at any moment leaves every finished item's line
 * complete and at most one torn last line. Opening it again drops the torn tail and returns the
 * ids already finished, which the rerun skips: every input item ends up in the output exactly
 * once, and a finished item is never sent again. One file instead of output + journal leaves no
 * window in which the two disagree.
 *
 * <p>Lines reach the operating system when written (a killed process loses nothing written);
 * {@link #force()} also asks the disk to keep them through a power loss.
 */
final class ResultLog implements AutoCloseable {

    private final FileChannel channel;
    private final Set<String> finished;
    private final long tornBytes;
    private long linesSinceForce;
    private final int forceEvery;

    private ResultLog(FileChannel channel, Set<String> finished, long tornBytes, int forceEvery) {
        this.channel = channel;
        this.finished = finished;
        this.tornBytes = tornBytes;
        this.forceEvery = forceEvery;
    }

    /**
     * Opens {@code path} for appending, creating it if needed. With {@code resume}, the ids of the
     * complete lines already there are returned by {@link #finishedIds()}; without, the file is
     * emptied first.
     *
     * @param forceEvery ask the disk to persist after this many lines (0 = only at close)
     */
    static ResultLog open(Path path, boolean resume, JsonMapper json, int forceEvery) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (!resume) {
                channel.truncate(0);
                return new ResultLog(channel, Set.of(), 0, forceEvery);
            }
            long size = channel.size();
            long complete = completeLength(channel, size);
            if (complete < size) {
                channel.truncate(complete);
            }
            Set<String> ids = readIds(path, complete, json);
            channel.position(complete);
            return new ResultLog(channel, ids, size - complete, forceEvery);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open output " + path, e);
        }
    }

    /** Ids of items finished by earlier runs (empty unless resuming). */
    Set<String> finishedIds() {
        return finished;
    }

    /** Bytes of a torn last line dropped on open (a run was killed mid-write). */
    long tornBytes() {
        return tornBytes;
    }

    /** Appends one line (a newline is added) in a single write. */
    void append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
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

    void force() throws IOException {
        channel.force(false);
        linesSinceForce = 0;
    }

    @Override
    public void close() {
        try {
            force();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close output", e);
        }
    }

    /** The length up to and including the last newline: what complete lines occupy. */
    private static long completeLength(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int len = (int) Math.min(one.capacity(), pos);
            one.clear().limit(len);
            channel.read(one, pos - len);
            for (int i = len - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    return pos - len + i + 1;
                }
            }
            pos -= len;
        }
        return 0;
    }

    private static Set<String> readIds(Path path, long length, JsonMapper json) throws IOException {
        Set<String> ids = new HashSet<>();
        long read = 0;
        long lineNumber = 0;
        try (var reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while (read < length && (line = reader.readLine()) != null) {
                read += line.getBytes(StandardCharsets.UTF_8).length + 1;
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode id = json.readTree(line).get("id");
                    if (id != null) {
                        ids.add(id.asString());
                    }
                } catch (JacksonException e) {
                    throw new IllegalStateException(path + " line " + lineNumber
                            + " is not a result line; is this the output of an llmbatch run?", e);
                }
            }
        }
        return ids;
    }
}
