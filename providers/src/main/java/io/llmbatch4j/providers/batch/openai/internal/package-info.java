/** The OpenAi batch provider's implementation behind {@code OpenAiBatchProvider}; not API. */
@NullMarked
package io.llmbatch4j.providers.batch.openai.internal;

import org.jspecify.annotations.NullMarked;
