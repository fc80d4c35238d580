package io.llmbatch4j.providers.internal;

import io.llmbatch4j.providers.ChatMessage;
import io.llmbatch4j.providers.ChatMessage.Role;
import io.llmbatch4j.providers.ChatRequest;
import io.llmbatch4j.providers.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request adapted to what the catalog says the model accepts (seed 000/001, providers.md §1.10):
 * temperature dropped where unsupported, system text folded into the first user message where the
 * system role is refused, the output cap defaulted from the catalog. Data-driven: no model names here.
 *
 * @param messages the messages to send, in order
 * @param temperature the temperature to send, or null to send none
 * @param maxOutputTokens the output cap to send, or null to send none
 */
public record Adaptation(List<ChatMessage> messages, @Nullable Double temperature,
        @Nullable Integer maxOutputTokens, ModelInfo model) {

    /** Separates folded system text from the user's own text. */
    static final String FOLD_SEPARATOR = "\n\n";

    public static Adaptation of(ChatRequest request, ModelInfo model) {
        List<ChatMessage> messages = model.supportsSystemRole() ? request.messages() : foldSystem(request.messages());
        Double temperature = model.supportsTemperature() ? request.temperature() : null;
        Integer max = request.maxOutputTokens();
        if (max == null && model.defaultMaxOutputTokens() > 0) {
            max = model.defaultMaxOutputTokens();
        }
        return new Adaptation(messages, temperature, max, model);
    }

    /** The system messages' text joined, or null when there is none. */
    public @Nullable String systemText() {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            if (m.role() == Role.SYSTEM) {
                if (!sb.isEmpty()) {
                    sb.append(FOLD_SEPARATOR);
                }
                sb.append(m.text());
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** True when any system message asks for a cache breakpoint. */
    public boolean systemCached() {
        return messages.stream().anyMatch(m -> m.role() == Role.SYSTEM && m.cacheBreakpoint());
    }

    /** The messages other than system ones, in order. */
    public List<ChatMessage> turns() {
        return messages.stream().filter(m -> m.role() != Role.SYSTEM).toList();
    }

    private static List<ChatMessage> foldSystem(List<ChatMessage> in) {
        StringBuilder system = new StringBuilder();
        List<ChatMessage> out = new ArrayList<>();
        for (ChatMessage m : in) {
            if (m.role() == Role.SYSTEM) {
                if (!system.isEmpty()) {
                    system.append(FOLD_SEPARATOR);
                }
                system.append(m.text());
            } else if (m.role() == Role.USER && !system.isEmpty()) {
                out.add(new ChatMessage(Role.USER, system + FOLD_SEPARATOR + m.text(), m.cacheBreakpoint()));
                system.setLength(0);
            } else {
                out.add(m);
            }
        }
        if (!system.isEmpty()) {
            out.add(0, ChatMessage.user(system.toString()));
        }
        return out;
    }
}
