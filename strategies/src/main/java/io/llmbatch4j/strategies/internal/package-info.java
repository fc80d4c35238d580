/** Implementation details of the strategies: schema generation, answer validation, prompts. Free to change. */
@NullMarked
package io.llmbatch4j.strategies.internal;

import org.jspecify.annotations.NullMarked;
