package io.llmbatch4j.testkit.internal;

/**
 * The token estimate of the fake: one token per started 4 characters (UTF-16 chars) of text,
 * at least 1 for non-empty text. Prompts are estimated over a canonical text: each message or
 * content block contributes {@code role + "\n" + text + "\n"}.
 */
public final class Tokens {

    public static final int CHARS_PER_TOKEN = 4;

    private Tokens() {}

    public static int estimate(String text) {
        return estimateChars(text == null ? 0 : text.length());
    }

    public static int estimateChars(int chars) {
        return chars == 0 ? 0 : Math.max(1, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    /** The text cut to at most {@code tokens} tokens. */
    public static String truncate(String text, int tokens) {
        int max = Math.max(0, tokens) * CHARS_PER_TOKEN;
        return text.length() <= max ? text : text.substring(0, max);
    }
}
