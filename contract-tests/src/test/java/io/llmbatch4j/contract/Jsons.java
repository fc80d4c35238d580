package io.llmbatch4j.contract;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The suite's one JSON mapper. */
final class Jsons {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Jsons() {}

    static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    static JsonNode parse(byte[] json) {
        return MAPPER.readTree(json);
    }
}
