package io.llmbatch4j.providers.batch.internal;

import io.llmbatch4j.providers.batch.BatchHandle;
import io.llmbatch4j.providers.batch.BatchJournal;
import io.llmbatch4j.providers.batch.JournalEntry;
import io.llmbatch4j.providers.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link BatchJournal} as a JSON-lines file, appended and forced per entry, on the bounded-elastic scheduler. */
public final class FileJournal implements BatchJournal {

    private final Path path;

    public FileJournal(Path path) {
        this.path = path;
    }

    @Override
    public Mono<Void> record(JournalEntry entry) {
        return Mono.<Void>fromRunnable(() -> append(entry)).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized void append(JournalEntry entry) {
        BatchHandle h = entry.handle();
        ObjectNode line = Json.object().put("provider", h.provider()).put("batchId", h.batchId())
                .put("model", h.model()).put("requestCount", h.requestCount())
                .put("submittedAt", h.submittedAt().toString());
        ObjectNode items = line.putObject("items");
        entry.itemIds().forEach(items::put);
        byte[] bytes = (Json.MAPPER.writeValueAsString(line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batch journal " + path, e);
        }
    }

    @Override
    public Flux<JournalEntry> entries() {
        return Mono.fromCallable(this::read).flatMapIterable(list -> list).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized List<JournalEntry> read() throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        if (!Files.exists(path)) {
            return out;
        }
        for (String text : Files.readAllLines(path)) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Json.MAPPER.readTree(text);
            } catch (JacksonException e) {
                continue; // a torn line: the crash happened before record() completed, so no one relied on it
            }
            Map<String, String> items = new LinkedHashMap<>();
            line.path("items").properties().forEach(e -> items.put(e.getKey(), e.getValue().asString()));
            out.add(new JournalEntry(new BatchHandle(Json.text(line, "provider"), Json.text(line, "batchId"),
                    Json.text(line, "model"), line.path("requestCount").asInt(), Instant.parse(Json.text(line,
                    "submittedAt"))), items));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FileJournal[" + path + "]";
    }
}
