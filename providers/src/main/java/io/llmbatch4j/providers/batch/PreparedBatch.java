package io.llmbatch4j.providers.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chunk of requests written in the provider's upload format to a temporary file, within the
 * provider's request-count and byte limits. {@link #close()} deletes the file; the runner does so
 * in every outcome.
 *
 * @param provider the batch provider's name
 * @param model the one model every request of the chunk uses
 * @param customIds the ids of the requests in the file, in file order
 * @param payload the temporary file holding the upload body
 * @param bytes the file's size
 * @param rejected requests that were not written because one alone exceeds the byte limit:
 *     custom id → reason
 */
public record PreparedBatch(String provider, String model, BatchMode mode, List<String> customIds, Path payload,
        long bytes, Map<String, String> rejected) implements AutoCloseable {

    /**
     * Copies the lists and maps.
     *
     * @param provider the batch provider's name
     * @param model the one model of the chunk
     * @param mode how the batch is run
     * @param customIds the ids of the requests in the file, in file order
     * @param payload the temporary file
     * @param bytes the file's size
     * @param rejected requests not written because one alone exceeds the byte limit
     */
    public PreparedBatch {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mode, "mode");
        customIds = List.copyOf(customIds);
        Objects.requireNonNull(payload, "payload");
        rejected = Map.copyOf(rejected);
    }

    /** {@return how many requests the file holds} */
    public int requestCount() {
        return customIds.size();
    }

    /** Deletes the payload file; idempotent. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete batch payload " + payload, e);
        }
    }
}
