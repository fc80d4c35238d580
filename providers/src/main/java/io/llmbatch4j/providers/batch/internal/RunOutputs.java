package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.core.WorkItemResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The result pipeline of seed 000 on disk: the raw results JSONL of each batch, as the provider
 * sent it, and one text file per successful item holding its output. Writes block: call from the
 * bounded-elastic scheduler.
 */
public final class RunOutputs {

    private final @Nullable Path directory;

    public RunOutputs(@Nullable Path directory) {
        this.directory = directory;
    }

    /** A writer for one batch's raw results, or one that writes nothing when no directory is set. */
    public RawWriter raw(String provider, String batchId) {
        if (directory == null) {
            return new RawWriter(null);
        }
        try {
            Files.createDirectories(directory);
            return new RawWriter(Files.newBufferedWriter(directory.resolve(safe(provider + "-" + batchId)
                    + ".results.jsonl")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write raw results in " + directory, e);
        }
    }

    /** Writes {@code items/<item id>.txt} with the output of a successful result. */
    public void item(WorkItemResult<?, ?> result) {
        if (directory == null || !result.success()) {
            return;
        }
        try {
            Path items = Files.createDirectories(directory.resolve("items"));
            Files.writeString(items.resolve(safe(result.itemId()) + ".txt"), String.valueOf(result.output()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output of item " + result.itemId(), e);
        }
    }

    /** A file-name-safe form of {@code name}, distinct for distinct names. */
    static String safe(String name) {
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A");
        return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
    }

    /** Appends raw result lines; {@link #close()} is idempotent. */
    public static final class RawWriter implements AutoCloseable {
        private @Nullable BufferedWriter out;

        RawWriter(@Nullable BufferedWriter out) {
            this.out = out;
        }

        public synchronized void line(String raw) {
            if (out == null) {
                return;
            }
            try {
                out.write(raw);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    out = null;
                }
            }
        }
    }
}
