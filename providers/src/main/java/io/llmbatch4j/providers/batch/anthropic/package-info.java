/** The Anthropic Message Batches API. */
@NullMarked
package io.llmbatch4j.providers.batch.anthropic;

import org.jspecify.annotations.NullMarked;
