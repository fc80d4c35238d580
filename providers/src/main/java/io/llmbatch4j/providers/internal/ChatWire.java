package io.llmbatch4j.providers.internal;

import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ChatResponse;
import io.llmbatch4j.providers.ProviderConfig;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * One provider's chat JSON: the request body for an adapted request, the answer parsed back. The
 * realtime clients and the offline batch builders both go through {@link #adaptedBody}, so a batch
 * line carries exactly the body a realtime call would send.
 */
public interface ChatWire {

    /** The body for {@code request} as {@code adapted} says the model accepts it. */
    ObjectNode requestBody(ChatRequest request, Adaptation adapted);

    /** The answer, or the mapped exception for an error reply. */
    ChatResponse response(HttpReply reply);

    /** The path the realtime call posts to. */
    String chatPath(ChatRequest request);

    /** The model name the catalog knows the request's model by. */
    default String catalogModel(ChatRequest request) {
        return request.model();
    }

    /** The body adapted from what {@code config}'s catalog says about the model. */
    default ObjectNode adaptedBody(ChatRequest request, ProviderConfig config) {
        return requestBody(request, Adaptation.of(request,
                config.catalog().resolve(config.provider(), catalogModel(request))));
    }

    /** One realtime call: lazy, one exchange per subscription. */
    default Mono<ChatResponse> chat(JsonExchange exchange, ProviderConfig config, ChatRequest request) {
        return Mono.defer(() -> exchange.send(HttpMethod.POST, chatPath(request), Json.bytes(adaptedBody(request, config))))
                .map(this::response);
    }
}
