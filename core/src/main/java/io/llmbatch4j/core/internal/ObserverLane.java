package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.ProcessingEvent;
import io.llmbatch4j.core.ProcessingObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One observer's queue: events are delivered one at a time, in order, by a drain task on the
 * delivery scheduler. Past {@code capacity} queued events new ones are dropped and counted. An
 * observer that throws is logged (once per exception type burst) and keeps getting events.
 */
final class ObserverLane implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverLane.class);

    private final ProcessingObserver observer;
    private final int capacity;
    private final Scheduler scheduler;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();

    ObserverLane(ProcessingObserver observer, int capacity, Scheduler scheduler) {
        this.observer = observer;
        this.capacity = capacity;
        this.scheduler = scheduler;
    }

    void offer(ProcessingEvent event) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(event);
        schedule();
    }

    /** Completes once everything queued before it has been delivered. */
    Mono<Void> flush() {
        Sinks.Empty<Void> marker = Sinks.empty();
        queue.offer(marker);
        schedule();
        return marker.asMono();
    }

    long dropped() {
        return dropped.sum();
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            try {
                scheduler.schedule(this);
            } catch (RejectedExecutionException e) {
                LOG.warn("observer {}: delivery scheduler refused work; events dropped", observer, e);
                wip.set(0);
            }
        }
    }

    @Override
    public void run() {
        int missed = 1;
        for (;;) {
            Object next;
            while ((next = queue.poll()) != null) {
                if (next instanceof ProcessingEvent event) {
                    size.decrementAndGet();
                    deliver(event);
                } else if (next instanceof Sinks.Empty<?> marker) {
                    marker.tryEmitEmpty();
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void deliver(ProcessingEvent event) {
        try {
            observer.onEvent(event);
        } catch (Throwable e) {
            Faults.throwIfFatal(e);
            LOG.warn("observer {} threw on {}; it keeps receiving events", observer.getClass().getName(),
                    event.getClass().getSimpleName(), e);
        }
    }
}
