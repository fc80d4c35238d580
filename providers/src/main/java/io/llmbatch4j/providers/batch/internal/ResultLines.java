package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.providers.internal.HttpReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A results file as a stream of non-blank lines: downloaded into a temporary file, read line by
 * line, and the file deleted when the stream completes, fails or is cancelled.
 */
public final class ResultLines {

    private ResultLines() {}

    /**
     * @param download streams the file's body into the given path; its reply is passed to {@code check}
     * @param check throws the mapped exception for an error reply
     */
    public static Flux<String> download(Path directory, String prefix, Function<Path, Mono<HttpReply>> download,
            Consumer<HttpReply> check) {
        return Flux.using(() -> Files.createTempFile(directory, "llmbatch4j-" + prefix + "-", ".jsonl"),
                path -> download.apply(path).doOnNext(check).thenMany(Flux.defer(() -> read(path))),
                ResultLines::delete);
    }

    /** The non-blank lines of {@code file}, read on the bounded-elastic scheduler. */
    static Flux<String> read(Path file) {
        return Flux.using(() -> Files.newBufferedReader(file), (BufferedReader r) -> Flux.fromStream(r.lines()),
                        ResultLines::close)
                .filter(line -> !line.isBlank())
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void close(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
