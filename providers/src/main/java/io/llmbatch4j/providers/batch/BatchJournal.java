package io.llmbatch4j.providers.batch;

import io.llmbatch4j.providers.batch.internal.FileJournal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where {@link BatchJobRunner} records every batch it submits, before it does anything else with
 * it, so that a run that crashes or is stopped can be started again with the same items and
 * resume polling the same batches — never submitting (and paying for) them twice.
 *
 * <p>Append-only. Use one journal per logical run: items of a new run whose ids appear in the
 * journal are taken from the journaled batches, not resubmitted.
 */
public interface BatchJournal {

    /**
     * Records {@code entry}; when the Mono completes the entry survives a crash of this process.
     *
     * @param entry the submitted batch and its items
     * @return a {@code Mono} completing once the entry is durable
     */
    Mono<Void> record(JournalEntry entry);

    /**
     * Every entry recorded so far, oldest first.
     *
     * @return the entries
     */
    Flux<JournalEntry> entries();

    /**
     * A journal in a JSON-lines file: each entry is appended and forced to disk before
     * {@link #record} completes; a torn last line (a crash mid-write) is skipped on reading.
     *
     * @param path the file; created when missing
     * @return the journal
     */
    static BatchJournal file(Path path) {
        return new FileJournal(path);
    }

    /**
     * A journal in memory: survives a restart of the runner, not of the process (tests, short jobs).
     *
     * @return the journal
     */
    static BatchJournal inMemory() {
        List<JournalEntry> entries = new CopyOnWriteArrayList<>();
        return new BatchJournal() {
            @Override
            public Mono<Void> record(JournalEntry entry) {
                return Mono.fromRunnable(() -> entries.add(entry));
            }

            @Override
            public Flux<JournalEntry> entries() {
                return Flux.defer(() -> Flux.fromIterable(List.copyOf(entries)));
            }
        };
    }
}
