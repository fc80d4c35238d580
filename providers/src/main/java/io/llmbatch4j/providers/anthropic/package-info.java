/** The Anthropic Messages client. */
@NullMarked
package io.llmbatch4j.providers.anthropic;

import org.jspecify.annotations.NullMarked;
