package io.llmbatch4j.observers;

import io.micrometer.observation.Observation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Stops an observation exactly once when a {@code Mono} ends: at its value or error, before the signal goes
 * downstream (so a call's span ends before its item's), or when it is cancelled.
 */
final class Observed {

    private Observed() {}

    static <V> Mono<V> stopAtEnd(Mono<V> source, Observation o, Consumer<V> onValue, Consumer<Throwable> onError,
            Runnable onCancel) {
        AtomicBoolean done = new AtomicBoolean();
        return source.doOnEach(signal -> {
            if (signal.isOnNext()) {
                onValue.accept(signal.get());
            } else if (signal.isOnError()) {
                onError.accept(signal.getThrowable());
            }
            if (done.compareAndSet(false, true)) {
                o.stop();
            }
        }).doOnCancel(() -> {
            if (done.compareAndSet(false, true)) {
                onCancel.run();
                o.stop();
            }
        });
    }
}
