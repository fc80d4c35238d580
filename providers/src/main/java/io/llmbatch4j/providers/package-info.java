/**
 * Provider-neutral chat model ({@link io.llmbatch4j.providers.ChatRequest},
 * {@link io.llmbatch4j.providers.ChatResponse}, {@link io.llmbatch4j.providers.ChatClient}), the
 * shared HTTP transport ({@link io.llmbatch4j.providers.HttpTransport}), client configuration and
 * the {@link io.llmbatch4j.providers.ModelCatalog} that drives request adaptation.
 *
 * <p>The clients themselves live in {@code io.llmbatch4j.providers.openai},
 * {@code .anthropic} and {@code .gemini}. Every failure they report is one of core's typed
 * exceptions, so the processor classifies it without guessing.
 */
@NullMarked
package io.llmbatch4j.providers;

import org.jspecify.annotations.NullMarked;
