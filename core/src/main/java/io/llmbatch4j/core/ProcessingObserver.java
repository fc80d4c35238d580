package io.llmbatch4j.core;

/**
 * Receives every {@link ProcessingEvent} of a processor.
 *
 * <p>Contract: events are delivered off the workers' path, on a lane of their own per observer,
 * one at a time and in order. An observer should be quick and must not block; still, a slow
 * observer costs the run nothing (past {@link ProcessorConfig#observerBufferSize()} queued events
 * it loses events, counted in {@link ProcessorStats#droppedEvents()}), and one that throws is
 * logged and keeps receiving later events. At the end of a run the processor waits up to
 * {@link ProcessorConfig#observerFlushTimeout()} for observers to catch up, so totals read right
 * after a run are complete.
 */
@FunctionalInterface
public interface ProcessingObserver {

    /**
     * Handles one event; must not block.
     *
     * @param event the event
     */
    void onEvent(ProcessingEvent event);
}
