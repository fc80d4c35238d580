/** Parts of the batch layer: payload chunking, result streaming, polling, journal files, item mapping. */
@NullMarked
package io.llmbatch4j.providers.batch.internal;

import org.jspecify.annotations.NullMarked;
