package io.llmbatch4j.providers;

import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * @param role who speaks
 * @param text the text of the turn
 * @param cacheBreakpoint ask the provider to cache the prompt up to and including this message
 *     (Anthropic {@code cache_control}); providers that cache automatically ignore it
 */
public record ChatMessage(Role role, String text, boolean cacheBreakpoint) {

    /** The roles every provider understands, mapped to each one's own name on the wire. */
    public enum Role {
        /** Instructions that frame the conversation. */
        SYSTEM,
        /** The user's turn. */
        USER,
        /** The model's turn (an earlier answer). */
        ASSISTANT
    }

    /**
     * Checks that role and text are present.
     *
     * @param role who speaks
     * @param text the text of the turn
     * @param cacheBreakpoint whether the provider should cache the prompt up to this message
     */
    public ChatMessage {
        Objects.requireNonNull(role, "ChatMessage.role must not be null");
        Objects.requireNonNull(text, "ChatMessage.text must not be null");
    }

    /**
     * A system message.
     *
     * @param text the text
     * @return the message
     */
    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, text, false);
    }

    /**
     * A user message.
     *
     * @param text the text
     * @return the message
     */
    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, text, false);
    }

    /**
     * An assistant message (an earlier answer, for multi-turn prompts).
     *
     * @param text the text
     * @return the message
     */
    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, text, false);
    }

    /**
     * This message marked as the end of a cacheable prefix.
     *
     * @return the copy, marked
     */
    public ChatMessage cached() {
        return new ChatMessage(role, text, true);
    }

    /** Hides the text: prompts may hold personal data and end up in logs. */
    @Override
    public String toString() {
        return "ChatMessage[role=" + role + ", chars=" + text.length()
                + (cacheBreakpoint ? ", cacheBreakpoint" : "") + "]";
    }
}
