package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.providers.batch.BatchMode;
import io.llmbatch4j.providers.batch.BatchProviderConfig;
import io.llmbatch4j.providers.batch.BatchRequest;
import io.llmbatch4j.providers.batch.PreparedBatch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * Streams requests into chunk files of a {@link PayloadFormat}, starting a new chunk whenever the
 * next request would pass the count or byte limit; only one encoded request is in memory at a time.
 * File writes run on the bounded-elastic scheduler. A cancelled or failed run deletes its open chunk.
 */
final class PayloadWriter {

    private PayloadWriter() {}

    static Flux<PreparedBatch> write(String provider, String model, BatchMode mode, Flux<BatchRequest> requests,
            PayloadFormat format, BatchProviderConfig config) {
        return Flux.defer(() -> {
            Chunks chunks = new Chunks(provider, model, mode, format, config);
            return requests.publishOn(Schedulers.boundedElastic(), 64)
                    .<PreparedBatch>handle((request, sink) -> {
                        PreparedBatch done = chunks.add(request);
                        if (done != null) {
                            sink.next(done);
                        }
                    })
                    .concatWith(Mono.fromCallable(chunks::finish))
                    .doFinally(signal -> {
                        if (signal != SignalType.ON_COMPLETE) {
                            chunks.abort();
                        }
                    });
        });
    }

    /** The chunk being written; one per subscription, used from one thread at a time. */
    private static final class Chunks {
        private final String provider;
        private final String model;
        private final BatchMode mode;
        private final PayloadFormat format;
        private final BatchProviderConfig config;
        private @Nullable Path file;
        private @Nullable OutputStream out;
        private List<String> ids = new ArrayList<>();
        private Map<String, String> rejected = new LinkedHashMap<>();
        private long bytes;

        Chunks(String provider, String model, BatchMode mode, PayloadFormat format, BatchProviderConfig config) {
            this.provider = provider;
            this.model = model;
            this.mode = mode;
            this.format = format;
            this.config = config;
        }

        @Nullable PreparedBatch add(BatchRequest request) {
            byte[] encoded;
            try {
                encoded = format.encode(request);
            } catch (IllegalArgumentException e) {
                rejected.put(request.customId(), String.valueOf(e.getMessage()));
                return null;
            }
            long envelope = format.prefix().length + format.suffix().length;
            if (envelope + encoded.length > config.maxBytes()) {
                rejected.put(request.customId(), "the request alone takes " + (envelope + encoded.length)
                        + " bytes, over the batch limit of " + config.maxBytes() + " bytes (maxBytes)");
                return null;
            }
            PreparedBatch done = null;
            boolean fits = ids.size() < config.maxRequests()
                    && bytes + format.separator().length + encoded.length <= config.maxBytes();
            if (!ids.isEmpty() && !fits) {
                done = close();
            }
            try {
                if (out == null) {
                    file = Files.createTempFile(config.tempDirectory(), "llmbatch4j-" + provider + "-", ".payload");
                    out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
                    out.write(format.prefix());
                    bytes = format.prefix().length + format.suffix().length;
                }
                if (!ids.isEmpty()) {
                    out.write(format.separator());
                    bytes += format.separator().length;
                }
                out.write(encoded);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a batch payload in " + config.tempDirectory(), e);
            }
            bytes += encoded.length;
            ids.add(request.customId());
            return done;
        }

        /** The last chunk, or nothing when no request was given. */
        @Nullable PreparedBatch finish() {
            if (ids.isEmpty() && rejected.isEmpty()) {
                return null;
            }
            if (ids.isEmpty()) {
                PreparedBatch onlyRejected = new PreparedBatch(provider, model, mode, List.of(),
                        Path.of("/nonexistent-llmbatch4j-payload"), 0, rejected);
                rejected = new LinkedHashMap<>();
                return onlyRejected;
            }
            return close();
        }

        private PreparedBatch close() {
            try {
                out.write(format.suffix());
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a batch payload in " + config.tempDirectory(), e);
            }
            PreparedBatch done = new PreparedBatch(provider, model, mode, ids, file, bytes, rejected);
            out = null;
            file = null;
            ids = new ArrayList<>();
            rejected = new LinkedHashMap<>();
            bytes = 0;
            return done;
        }

        void abort() {
            try {
                if (out != null) {
                    out.close();
                }
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException ignored) {
                // best effort: the run already failed or was cancelled
            }
            out = null;
            file = null;
        }
    }
}
