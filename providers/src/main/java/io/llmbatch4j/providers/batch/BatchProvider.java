package io.llmbatch4j.providers.batch;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One provider's offline Batch API (seed 004): prepare payloads within the provider's limits,
 * submit, poll, fetch the results, cancel.
 *
 * <p>Every method is lazy and cold: nothing is sent or written before subscription, and each
 * subscription does the work once more (so a caller's retry re-subscribes). {@link #submit} is
 * <em>not</em> idempotent at the provider: every subscription creates (and pays for) a new batch,
 * so journal its id before anything else ({@link BatchJobRunner} does). Failures are core's typed
 * exceptions: {@link io.llmbatch4j.core.TransientProviderException} (network, 5xx, 429 — worth
 * retrying) or {@link io.llmbatch4j.core.PermanentProviderException} (bad request, key, model,
 * an unsupported {@link BatchMode}). Implementations are thread-safe.
 */
public interface BatchProvider {

    /**
     * {@return the name the registry and the journal know this provider by ({@code openai}, {@code groq}, ...)}
     */
    String name();

    /**
     * Whether this provider serves {@code model}; decided by the model catalog, not by a list in code.
     *
     * @param model the model's name
     * @return whether it is served
     */
    boolean supportsModel(String model);

    /** {@return the limits each {@link PreparedBatch} respects} */
    BatchProviderConfig config();

    /**
     * Writes {@code requests} (all for {@code model}) to temporary payload files in the provider's
     * upload format, request by request, starting a new chunk whenever the next request would
     * pass {@link BatchProviderConfig#maxRequests()} or {@link BatchProviderConfig#maxBytes()}.
     * Each request body is built exactly as the realtime client builds it (same catalog adaptation).
     * Memory holds one request at a time plus the chunks' custom ids. Chunks are emitted in order;
     * a request too large for any chunk is listed in the chunk's {@link PreparedBatch#rejected()}.
     * Cancelling deletes the chunk being written; emitted chunks belong to the subscriber, who
     * must {@linkplain PreparedBatch#close() close} them.
     *
     * @param model the one model of every request
     * @param mode how the batch is run
     * @param requests the requests
     * @return the chunks, each to be {@link PreparedBatch#close() closed} by the caller
     */
    Flux<PreparedBatch> preparePayloads(String model, BatchMode mode, Flux<BatchRequest> requests);

    /**
     * Uploads the payload (where the API needs a file) and creates the batch. Creates a new batch per
     * subscription.
     *
     * @param batch the chunk to submit
     * @return the submitted batch
     */
    Mono<BatchHandle> submit(PreparedBatch batch);

    /**
     * The batch's current state, normalised through {@link BatchProviderConfig#statusMapping()}.
     *
     * @param batch the submitted batch
     * @return its state
     */
    Mono<BatchSnapshot> pollStatus(BatchHandle batch);

    /**
     * The per-request results of a batch in a terminal state, in the provider's order (not the
     * input order: match on {@link BatchItemResult#customId()}). Results files are streamed through
     * temporary files, deleted when the Flux terminates or is cancelled. Requests the provider
     * reports nothing for (a cancelled OpenAI batch, an expired Gemini job) are absent.
     *
     * @param batch the submitted batch
     * @param terminal the snapshot that saw it end
     * @return the results
     */
    Flux<BatchItemResult> fetchResults(BatchHandle batch, BatchSnapshot terminal);

    /**
     * Asks the provider to cancel; the returned snapshot is usually {@link BatchStatus#CANCELLING}.
     *
     * @param batch the submitted batch
     * @return its state after the request
     */
    Mono<BatchSnapshot> cancel(BatchHandle batch);
}
