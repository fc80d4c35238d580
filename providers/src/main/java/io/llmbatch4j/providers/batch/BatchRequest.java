package io.llmbatch4j.providers.batch;

import io.llmbatch4j.providers.ChatRequest;
import java.util.Objects;

/**
 * One request of a batch: the id the provider echoes in its result, and the request itself,
 * whose body is built exactly as the realtime client builds it.
 *
 * @param customId unique within its batch; {@code ^[A-Za-z0-9_-]{1,64}$} satisfies every provider
 */
public record BatchRequest(String customId, ChatRequest request) {

    /**
     * Checks that both are present.
     *
     * @param customId unique within its batch
     * @param request the request
     */
    public BatchRequest {
        Objects.requireNonNull(customId, "BatchRequest.customId");
        Objects.requireNonNull(request, "BatchRequest.request");
    }
}
