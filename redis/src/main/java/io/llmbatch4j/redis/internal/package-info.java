/** The moving parts of the Redis quota store; may change without notice. */
@NullMarked
package io.llmbatch4j.redis.internal;

import org.jspecify.annotations.NullMarked;
