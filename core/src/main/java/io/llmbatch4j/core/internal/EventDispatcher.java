package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Delivers events to observers off the workers' path: one bounded {@link ObserverLane} per
 * observer, so a slow or failing observer affects nobody else. With no observers,
 * {@link #enabled()} is false and the engine does not even build event records.
 */
final class EventDispatcher {

    private final List<ObserverLane> lanes;

    EventDispatcher(List<ProcessingObserver> observers, int bufferSize, Scheduler deliveryScheduler) {
        List<ObserverLane> list = new ArrayList<>(observers.size());
        for (ProcessingObserver observer : observers) {
            list.add(new ObserverLane(observer, bufferSize, deliveryScheduler));
        }
        this.lanes = List.copyOf(list);
    }

    /** False when nobody listens. */
    boolean enabled() {
        return !lanes.isEmpty();
    }

    /** Queues {@code event} for every observer; never blocks, never throws. */
    void publish(ProcessingEvent event) {
        for (ObserverLane lane : lanes) {
            lane.offer(event);
        }
    }

    /** Completes when every observer has handled what was published before, or after {@code timeout}. */
    Mono<Void> flush(Duration timeout, Scheduler timer) {
        if (lanes.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(lanes).flatMap(ObserverLane::flush).then()
                .timeout(timeout, timer)
                .onErrorResume(e -> Mono.empty());
    }

    /** Events lost because an observer fell {@code bufferSize} events behind. */
    long dropped() {
        long sum = 0;
        for (ObserverLane lane : lanes) {
            sum += lane.dropped();
        }
        return sum;
    }
}
