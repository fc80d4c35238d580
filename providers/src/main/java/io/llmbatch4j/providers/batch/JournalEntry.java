package io.llmbatch4j.providers.batch;

import java.util.Map;
import java.util.Objects;

/**
 * One submitted batch as the journal keeps it: enough to poll it again and to map its results
 * back to work items after a restart.
 *
 * @param handle the batch
 * @param itemIds custom id → work item id, for every request of the batch
 */
public record JournalEntry(BatchHandle handle, Map<String, String> itemIds) {

    /**
     * Copies the id map.
     *
     * @param handle the batch
     * @param itemIds custom id to work item id, for every request of the batch
     */
    public JournalEntry {
        Objects.requireNonNull(handle, "handle");
        itemIds = Map.copyOf(itemIds);
    }
}
