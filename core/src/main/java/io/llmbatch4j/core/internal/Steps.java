package io.llmbatch4j.core.internal;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * An item's asynchronous steps between attempts (middleware {@code beforeProcess}, {@code prepare},
 * a budget wait, {@code onError}, {@code onRetry} and the backoff), one at a time, and the one a
 * cancel cuts. Made on an item's first such step: an item that goes straight to its attempt has
 * none.
 */
final class Steps {

    private final LoopItem<?, ?> item;
    private volatile @Nullable Disposable current;

    Steps(LoopItem<?, ?> item) {
        this.item = item;
    }

    /** Runs {@code step} as the current one; exactly one continuation runs unless it is cut first. */
    <X> void await(Mono<X> step, Consumer<? super X> onValue, Runnable onEmpty, Consumer<? super Throwable> onError) {
        Step.run(step, onValue, onEmpty, onError, this::set, item.context());
    }

    /** Registered before the step can signal: a cancel that read the previous step sees the item ended here. */
    private void set(Disposable d) {
        current = d;
        if (item.finished()) {
            d.dispose();
        }
    }

    void cancel() {
        Disposable d = current;
        if (d != null) {
            d.dispose();
        }
    }
}
