/** The openai wire format (request bodies out, answers and error bodies in), shared by the chat client and the batch provider; not API. */
@NullMarked
package io.llmbatch4j.providers.openai.internal;

import org.jspecify.annotations.NullMarked;
