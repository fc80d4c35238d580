/** The Anthropic batch provider's implementation behind {@code AnthropicBatchProvider}; not API. */
@NullMarked
package io.llmbatch4j.providers.batch.anthropic.internal;

import org.jspecify.annotations.NullMarked;
