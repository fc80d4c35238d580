package io.llmbatch4j.testkit.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The parameter restrictions of OpenAI's reasoning models (providers.md §1.10), checked in the order
 * the table lists them. Each violation is the exact observed 400 body.
 */
final class OpenAiModelRules {

    /** A rejected request: {@code code} and {@code param} for the four-key error body. */
    record Violation(String message, String param, String code) {}

    private static final Pattern GPT5_MINOR = Pattern.compile("^gpt-5\\.(\\d+)");

    private OpenAiModelRules() {}

    static Violation check(String model, JsonNode body) {
        String m = model.toLowerCase(Locale.ROOT);
        boolean o1Legacy = m.startsWith("o1-mini") || m.startsWith("o1-preview");
        boolean o3mini = m.startsWith("o3-mini");
        boolean oSeries = m.matches("^o\\d.*");
        boolean gpt5Chat = m.startsWith("gpt-5") && m.contains("chat");
        boolean gpt5 = m.startsWith("gpt-5") && !gpt5Chat;
        boolean gpt51Plus = gpt5 && gpt5Minor(m) >= 1;
        boolean reasoning = oSeries || gpt5;
        if (!reasoning) {
            return null;
        }
        String effort = Json.text(body, "reasoning_effort");
        for (String p : List.of("temperature", "top_p")) {
            JsonNode v = Json.child(body, p);
            if (v == null) {
                continue;
            }
            if (o3mini && p.equals("temperature")) {
                return new Violation("Unsupported parameter: 'temperature' is not supported with this model.", p,
                        "unsupported_parameter");
            }
            boolean allowedByEffort = gpt51Plus && "none".equals(effort);
            if (!allowedByEffort && !(v.isNumber() && v.doubleValue() == 1.0)) {
                return new Violation("Unsupported value: '" + p + "' does not support " + v + " with this model. "
                        + "Only the default (1) value is supported.", p, "unsupported_value");
            }
        }
        if (Json.has(body, "max_tokens")) {
            return new Violation("Unsupported parameter: 'max_tokens' is not supported with this model. "
                    + "Use 'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter");
        }
        if (o1Legacy) {
            JsonNode messages = Json.child(body, "messages");
            for (int k = 0; messages != null && k < messages.size(); k++) {
                String role = Json.text(messages.get(k), "role");
                if ("system".equals(role) || "developer".equals(role)) {
                    return new Violation("Unsupported value: 'messages[" + k + "].role' does not support '" + role
                            + "' with this model.", "messages[" + k + "].role", "unsupported_value");
                }
            }
        }
        if ((m.startsWith("o3") && !o3mini || m.startsWith("o4-mini")) && Json.has(body, "stop")) {
            return new Violation("Unsupported parameter: 'stop' is not supported with this model.", "stop",
                    "unsupported_parameter");
        }
        if (effort != null) {
            List<String> allowed = allowedEfforts(m, o1Legacy, gpt5, gpt51Plus);
            if (allowed.isEmpty()) {
                return new Violation("Unsupported parameter: 'reasoning_effort' is not supported with this model.",
                        "reasoning_effort", "unsupported_parameter");
            }
            if (!allowed.contains(effort)) {
                return new Violation("Unsupported value: '" + effort + "' is not supported with the '" + model
                        + "' model. Supported values are: " + listing(allowed) + ".", "reasoning_effort",
                        "unsupported_value");
            }
        }
        return null;
    }

    private static List<String> allowedEfforts(String m, boolean o1Legacy, boolean gpt5, boolean gpt51Plus) {
        if (o1Legacy) {
            return List.of();
        }
        if (m.startsWith("gpt-5-pro") || m.matches("^gpt-5\\.\\d+-pro.*")) {
            return List.of("high");
        }
        if (gpt51Plus) {
            return m.contains("codex-max") || gpt5Minor(m) >= 2 ? List.of("none", "low", "medium", "high", "xhigh")
                    : List.of("none", "low", "medium", "high");
        }
        if (gpt5) {
            return List.of("minimal", "low", "medium", "high");
        }
        return List.of("low", "medium", "high");
    }

    private static int gpt5Minor(String m) {
        Matcher mm = GPT5_MINOR.matcher(m);
        return mm.find() ? Integer.parseInt(mm.group(1)) : 0;
    }

    private static String listing(List<String> values) {
        if (values.size() == 1) {
            return "'" + values.get(0) + "'";
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < values.size(); k++) {
            if (k > 0) {
                sb.append(k == values.size() - 1 ? ", and " : ", ");
            }
            sb.append('\'').append(values.get(k)).append('\'');
        }
        return sb.toString();
    }
}
