/** Parts shared by the provider clients; free to change, not for users. */
@NullMarked
package io.llmbatch4j.providers.internal;

import org.jspecify.annotations.NullMarked;
