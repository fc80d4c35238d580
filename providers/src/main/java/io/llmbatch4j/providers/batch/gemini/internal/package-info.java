/** The Gemini batch provider's implementation behind {@code GeminiBatchProvider}; not API. */
@NullMarked
package io.llmbatch4j.providers.batch.gemini.internal;

import org.jspecify.annotations.NullMarked;
