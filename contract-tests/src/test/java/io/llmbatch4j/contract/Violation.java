package io.llmbatch4j.contract;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One spec violation Prism reported, from its {@code sl-violations} header or the {@code validation}
 * list of its own 422 body.
 *
 * @param side {@code request} or {@code response}
 * @param part {@code body}, {@code header}, {@code query} or {@code path}
 * @param path the dotted location inside that part ({@code messages.0.role}); empty for the part itself
 */
record Violation(String side, String part, String path, String code, String message) {

    static List<Violation> parseAll(JsonNode list, String defaultSide) {
        List<Violation> out = new ArrayList<>();
        for (JsonNode v : list) {
            List<String> location = new ArrayList<>();
            v.path("location").forEach(n -> location.add(n.asString()));
            String side = defaultSide;
            if (!location.isEmpty() && (location.get(0).equals("request") || location.get(0).equals("response"))) {
                side = location.remove(0);
            }
            String part = location.isEmpty() ? "" : location.remove(0);
            out.add(new Violation(side, part, String.join(".", location), v.path("code").asString(""),
                    v.path("message").asString("")));
        }
        return out;
    }

    boolean onRequest() {
        return side.equals("request");
    }

    /** The property an {@code additionalProperties} violation names ({@code found 'x'}), else empty. */
    String unknownProperty() {
        int at = message.lastIndexOf("found '");
        return code.equals("additionalProperties") && at >= 0
                ? message.substring(at + 7, message.indexOf('\'', at + 7)) : "";
    }

    @Override
    public String toString() {
        return side + " " + part + (path.isEmpty() ? "" : " " + path) + ": " + message;
    }
}
