/** The engine's moving parts. Not API: anything here may change without notice. */
@NullMarked
package io.llmbatch4j.core.internal;

import org.jspecify.annotations.NullMarked;
