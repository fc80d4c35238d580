package io.llmbatch4j.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small arithmetic the benchmarks share: elapsed seconds, medians, and refusing a bad round. */
final class Rounds {

    private Rounds() {}

    /** {@code succeeded}, or an exception when a round did not succeed on every item. */
    static long check(int expected, long succeeded) {
        if (succeeded != expected) {
            throw new IllegalStateException("expected " + expected + " successful results, got " + succeeded);
        }
        return succeeded;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
