package io.llmbatch4j.core.internal;

import reactor.util.context.Context;

/** Who starts an {@link ItemTask} and hears of its end: a run's {@link ItemStream}, or a pool's {@link PoolCall}. */
interface ItemOwner<T, C> {

    /**
     * The item has its result ({@link ItemTask#result()}); called exactly once per item, from
     * whichever thread ended it, also for an item the owner cancelled (it ends CANCELLED).
     */
    void ended(ItemTask<T, C> task);

    /** The Reactor context the item's calls run in. */
    Context currentContext();
}
