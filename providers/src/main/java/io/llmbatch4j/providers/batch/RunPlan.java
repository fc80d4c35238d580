package io.llmbatch4j.providers.batch;

import io.llmbatch4j.core.ErrorInfo;
import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.LLMWorkItem;
import io.llmbatch4j.core.WorkItemResult;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.batch.internal.BatchSupport;
import io.llmbatch4j.providers.batch.internal.ItemResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run will do with its items: which journaled batches it resumes, which items it groups
 * by model for new batches (with their custom ids), which go to the fallback, which fail at once.
 * Custom ids are the item ids where those fit every provider's pattern, else {@code item-<n>}; the
 * journal keeps the mapping, so it is exact after a restart too.
 */
final class RunPlan<T, C> {

    record Member<T, C>(String customId, ChatRequest request, LLMWorkItem<T, C> item) {}

    static final class Group<T, C> {
        final String model;
        final BatchProvider provider;
        final List<Member<T, C>> members = new ArrayList<>();

        Group(String model, BatchProvider provider) {
            this.model = model;
            this.provider = provider;
        }
    }

    final Map<String, LLMWorkItem<T, C>> items = new LinkedHashMap<>();
    final List<JournalEntry> resumed = new ArrayList<>();
    final Map<String, Group<T, C>> groups = new LinkedHashMap<>();
    final List<LLMWorkItem<T, C>> fallback = new ArrayList<>();
    final List<WorkItemResult<T, C>> failed = new ArrayList<>();
    private final Map<String, LLMWorkItem<T, C>> byCustomId = new HashMap<>();

    RunPlan(List<LLMWorkItem<T, C>> input, List<JournalEntry> journal, List<BatchProvider> providers,
            boolean hasFallback) {
        for (LLMWorkItem<T, C> item : input) {
            if (items.putIfAbsent(item.itemId(), item) != null) {
                failed.add(ItemResults.failed(item, ErrorInfo.of(ErrorKind.PERMANENT, "duplicate itemId '"
                        + item.itemId() + "' in this run"), 0, Duration.ZERO));
            }
        }
        Set<String> claimed = resume(journal, providers);
        Set<String> used = new HashSet<>();
        journal.forEach(e -> used.addAll(e.itemIds().keySet()));
        int counter = 0;
        for (LLMWorkItem<T, C> item : items.values()) {
            if (claimed.contains(item.itemId())) {
                continue;
            }
            String reason = null;
            ChatRequest request = null;
            BatchProvider provider = null;
            if (!(item.strategy() instanceof BatchableStrategy<T> batchable)) {
                reason = "strategy " + item.strategy().getClass().getSimpleName() + " is not a BatchableStrategy";
            } else {
                try {
                    request = batchable.request(item.prompt());
                    String model = request.model();
                    provider = providers.stream().filter(p -> p.supportsModel(model))
                            .findFirst().orElse(null);
                    if (provider == null) {
                        reason = "no batch provider supports model " + request.model();
                    }
                } catch (RuntimeException e) {
                    failed.add(ItemResults.failed(item, ItemResults.classify(e), 0, Duration.ZERO));
                    continue;
                }
            }
            if (reason != null) {
                if (hasFallback) {
                    fallback.add(item);
                } else {
                    failed.add(ItemResults.failed(item, ErrorInfo.of(ErrorKind.PERMANENT, reason), 0, Duration.ZERO));
                }
                continue;
            }
            String customId = item.itemId();
            while (!BatchSupport.CUSTOM_ID.matcher(customId).matches() || !used.add(customId)) {
                customId = "item-" + counter++;
            }
            byCustomId.put(customId, item);
            BatchProvider chosen = provider;
            groups.computeIfAbsent(request.model(), m -> new Group<>(m, chosen)).members
                    .add(new Member<>(customId, request, item));
        }
    }

    /** Entries whose items are in this run; their items are claimed, never submitted again. */
    private Set<String> resume(List<JournalEntry> journal, List<BatchProvider> providers) {
        Set<String> claimed = new HashSet<>();
        for (JournalEntry entry : journal) {
            List<String> mine = entry.itemIds().values().stream().filter(items::containsKey).toList();
            if (mine.isEmpty()) {
                continue;
            }
            claimed.addAll(mine);
            boolean known = providers.stream().anyMatch(p -> p.name().equals(entry.handle().provider()));
            if (known) {
                resumed.add(entry);
            } else {
                mine.forEach(id -> failed.add(ItemResults.failed(items.get(id), ErrorInfo.of(ErrorKind.PERMANENT,
                        "journaled in batch " + entry.handle().batchId() + " of provider '" + entry.handle().provider()
                                + "', which this runner does not have; not resubmitted"), 0, Duration.ZERO)));
            }
        }
        return claimed;
    }

    LLMWorkItem<T, C> byCustomId(String customId) {
        return byCustomId.get(customId);
    }
}
