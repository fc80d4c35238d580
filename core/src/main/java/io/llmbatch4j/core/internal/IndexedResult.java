package io.llmbatch4j.core.internal;

import io.llmbatch4j.core.WorkItemResult;

/** An item's result with its position in the run's input, for {@code processAll}'s input order. */
record IndexedResult<T, C>(long index, WorkItemResult<T, C> result) {}
