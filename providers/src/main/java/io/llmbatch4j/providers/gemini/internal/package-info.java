/** The gemini wire format (request bodies out, answers and error bodies in), shared by the chat client and the batch provider; not API. */
@NullMarked
package io.llmbatch4j.providers.gemini.internal;

import org.jspecify.annotations.NullMarked;
