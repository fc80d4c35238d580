package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.TokenUsage;
import java.util.concurrent.atomic.LongAdder;

/** A concurrent running total of {@link TokenUsage}. */
final class UsageCounter {

    private final LongAdder input = new LongAdder();
    private final LongAdder output = new LongAdder();
    private final LongAdder cached = new LongAdder();

    void add(TokenUsage usage) {
        if (!usage.isZero()) {
            input.add(usage.inputTokens());
            output.add(usage.outputTokens());
            cached.add(usage.cachedInputTokens());
        }
    }

    TokenUsage total() {
        long in = input.sum();
        return new TokenUsage(in, output.sum(), Math.min(in, cached.sum()));
    }
}
