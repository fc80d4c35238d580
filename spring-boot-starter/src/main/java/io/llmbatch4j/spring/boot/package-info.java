/**
 * The Spring Boot 4 auto-configuration of llmbatch4j: {@link io.llmbatch4j.spring.boot.LlmBatchProperties}
 * ({@code llmbatch4j.*}), the engine's beans ({@link io.llmbatch4j.spring.boot.LlmBatchAutoConfiguration}),
 * metrics, health and the {@code llmbatch} actuator endpoint, and the graceful shutdown of the shared pool.
 */
@NullMarked
package io.llmbatch4j.spring.boot;

import org.jspecify.annotations.NullMarked;
