/** The Gemini Developer API batch mode (inline requests). */
@NullMarked
package io.llmbatch4j.providers.batch.gemini;

import org.jspecify.annotations.NullMarked;
