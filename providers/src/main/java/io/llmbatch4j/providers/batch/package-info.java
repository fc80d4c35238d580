/**
 * Offline Batch APIs (seed 004; providers.md §2, §4, §5.4, §6): the {@link
 * io.llmbatch4j.providers.batch.BatchProvider} SPI with OpenAI, OpenAI-compatible (Groq,
 * kluster.ai), Anthropic and Gemini implementations, found through the {@link
 * io.llmbatch4j.providers.batch.BatchProviderRegistry}; statuses normalised by a configurable
 * {@link io.llmbatch4j.providers.batch.BatchStatusMapping}; and the {@link
 * io.llmbatch4j.providers.batch.BatchJobRunner}, which takes the processor's work items, submits
 * one batch per model and chunk, journals every batch id before anything else can fail, polls,
 * and maps the results back to {@link io.llmbatch4j.core.WorkItemResult}s.
 *
 * <p>Errors are core's typed exceptions: {@link io.llmbatch4j.core.TransientProviderException}
 * (retry later: 5xx, network, a full queue) and {@link io.llmbatch4j.core.PermanentProviderException}
 * (a bad request, key or model: do not retry as is).
 */
@NullMarked
package io.llmbatch4j.providers.batch;

import org.jspecify.annotations.NullMarked;
