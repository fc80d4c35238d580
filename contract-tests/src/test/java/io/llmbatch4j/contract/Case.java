package io.llmbatch4j.contract;

import io.llmbatch4j.providers.ChatRequest;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * One kind of request a client can make, and what its body must show besides passing the spec.
 *
 * @param name what kind of request it is (the test's display name)
 * @param sentBody checks on the body the client sent (the adaptations, for instance)
 */
record Case(String name, ChatRequest request, Consumer<JsonNode> sentBody) {

    static Case of(String name, ChatRequest request) {
        return new Case(name, request, body -> { });
    }

    static Case of(String name, ChatRequest.Builder request, Consumer<JsonNode> sentBody) {
        return new Case(name, request.build(), sentBody);
    }

    @Override
    public String toString() {
        return name;
    }
}
