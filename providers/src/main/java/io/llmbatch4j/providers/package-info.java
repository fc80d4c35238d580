/**
 * Provider-neutral chat model ({@code ChatRequest}, {@code ChatResponse}), the shared HTTP
 * transport configuration and the {@code ModelCatalog}.
 */
package io.llmbatch4j.providers;
