package io.llmbatch4j.contract;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One request a client sent through a {@link SpecGate}, and what Prism made of it.
 *
 * @param sent the body exactly as the client sent it (null without a body)
 * @param removed what {@link SpecLag} stripped before validation
 * @param unstrippedViolations Prism's violations for the body as sent, when something was stripped
 * @param violations Prism's violations for the request as forwarded (and for its own response)
 */
record Exchange(String method, String target, Map<String, List<String>> headers, @Nullable JsonNode sent,
        List<SpecLag.Removed> removed, List<Violation> unstrippedViolations, int status, byte[] responseBody,
        List<Violation> violations) {

    List<Violation> requestViolations() {
        return violations.stream().filter(Violation::onRequest).toList();
    }

    String responseText() {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    JsonNode response() {
        return Jsons.parse(responseBody);
    }

    private static String abbreviate(String text) {
        return text.length() <= 1500 ? text : text.substring(0, 1500) + "... (" + text.length() + " chars)";
    }

    @Override
    public String toString() {
        return method + " " + target + " -> " + status + (sent == null ? "" : "\nbody: " + abbreviate(sent.toString()))
                + (removed.isEmpty() ? "" : "\nstripped: " + removed.stream().map(SpecLag.Removed::path).toList())
                + (violations.isEmpty() ? "" : "\nviolations:\n  " + String.join("\n  ",
                        violations.stream().map(Violation::toString).toList()));
    }
}
