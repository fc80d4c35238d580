package io.llmbatch4j.core.internal;

import org.jspecify.annotations.Nullable;

/** A processor's middleware and post-processing, the same for every item of its engine (none for a pool). */
record ItemHooks<T, C>(MiddlewareChain<T, C> chain, @Nullable PostProcessing<T, C> post) {}
