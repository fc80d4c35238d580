package io.llmbatch4j.core.internal;

import reactor.util.context.Context;

/** Who starts an {@link Item} and hears of its end: a run's {@link ItemStream}, or a pool's {@link PoolCall}. */
interface ItemOwner<T, C> {

    /** The item has its {@link Item#result()}; once per item, from whichever thread ended it. */
    void ended(Item<T, C> item);

    /** The Reactor context the item's calls and hooks run in. */
    Context currentContext();
}
