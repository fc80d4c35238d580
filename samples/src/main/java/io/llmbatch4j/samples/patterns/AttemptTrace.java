package io.llmbatch4j.samples.patterns;

import io.llmbatch4j.core.ErrorKind;
import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import io.llmbatch4j.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * How each attempt of each item ended, from the processor's events, to be paired with the requests
 * the fake provider logged: the provider's log says which model each attempt went to.
 */
final class AttemptTrace implements ProcessingObserver {

    /**
     * @param afterValidation retries that went to another model after a validation failure
     * @param afterOtherErrors retries after any other error
     * @param changedAfterOtherErrors of those, the ones that went to another model
     */
    record Retries(long afterValidation, long afterOtherErrors, long changedAfterOtherErrors) {}

    private final Map<String, Map<Integer, String>> ends = new ConcurrentHashMap<>();

    @Override
    public void onEvent(ProcessingEvent event) {
        if (event instanceof ProcessingEvent.AttemptEnded e) {
            ends.computeIfAbsent(e.itemId(), k -> new ConcurrentSkipListMap<>())
                    .put(e.attempt(), e.error() == null ? "OK" : e.error().kind().name());
        }
    }

    /**
     * Pairs each item's attempts with the requests the provider saw for it (in arrival order):
     * item {@code ticket-i}'s requests are the ones whose body holds {@code [ticket-i]}.
     */
    Retries compare(List<RecordedRequest> requests, int tickets) {
        long[] counts = new long[3];
        for (int i = 0; i < tickets; i++) {
            String marker = "[ticket-" + i + "]";
            List<String> models = requests.stream().filter(r -> r.body().contains(marker))
                    .map(RecordedRequest::model).toList();
            List<String> outcomes = List.copyOf(ends.getOrDefault("ticket-" + i, Map.of()).values());
            for (int a = 1; a < Math.min(models.size(), outcomes.size()); a++) {
                boolean changed = !models.get(a).equals(models.get(a - 1));
                if (outcomes.get(a - 1).equals(ErrorKind.VALIDATION.name())) {
                    counts[0] += changed ? 1 : 0;
                } else {
                    counts[1]++;
                    counts[2] += changed ? 1 : 0;
                }
            }
        }
        return new Retries(counts[0], counts[1], counts[2]);
    }
}
