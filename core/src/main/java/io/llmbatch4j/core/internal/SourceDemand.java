package io.llmbatch4j.core.internal;

import java.util.function.IntSupplier;

/**
 * How much a run's stream asks its source for: the ceiling up front, then as many items as were
 * emitted, in batches small enough that the items taken but not emitted never drop below the
 * worker limit (with the limit near the ceiling, a batch of 3/4 of the ceiling, as {@code flatMap}
 * asks for its inners, would leave workers idle until it came). Touched by the stream's serializer
 * only.
 */
final class SourceDemand {

    private final int prefetch;
    /** The largest batch requested from the source; 0 when the source is unbounded. */
    private final int limit;
    private final IntSupplier workerLimit;
    private int consumed;

    SourceDemand(int ceiling, IntSupplier workerLimit) {
        this.prefetch = ceiling;
        this.limit = ceiling == Integer.MAX_VALUE ? 0 : ceiling - (ceiling >> 2);
        this.workerLimit = workerLimit;
    }

    /** The first request: the ceiling, or everything for an unbounded one. */
    long initial() {
        return limit == 0 ? Long.MAX_VALUE : prefetch;
    }

    /** One result was emitted: how many items to request now (0 for none yet). */
    int emitted() {
        if (limit != 0 && ++consumed >= Math.max(1, Math.min(limit, prefetch - workerLimit.getAsInt()))) {
            int n = consumed;
            consumed = 0;
            return n;
        }
        return 0;
    }
}
