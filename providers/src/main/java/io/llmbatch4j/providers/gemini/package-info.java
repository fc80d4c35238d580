/** The Gemini Developer API client: generateContent and explicit context caches. */
@NullMarked
package io.llmbatch4j.providers.gemini;

import org.jspecify.annotations.NullMarked;
