package io.llmbatch4j.providers.internal;

import java.util.regex.Pattern;

/**
 * Removes secrets from text that may reach an exception message or a log: the configured key
 * wherever it appears, and anything shaped like an OpenAI, Anthropic or Google key (providers
 * echo a masked key in some 401 bodies).
 */
public final class Redactor {

    private static final Pattern KEY_SHAPES = Pattern.compile(
            "(sk-ant-[A-Za-z0-9_\\-.]+|sk-[A-Za-z0-9_\\-.]{2,}|AIza[A-Za-z0-9_\\-]{8,})");
    public static final String MASK = "[redacted]";

    private final String key;

    public Redactor(String key) {
        this.key = key;
    }

    public String clean(String text) {
        String s = key.length() >= 4 ? text.replace(key, MASK) : text;
        return KEY_SHAPES.matcher(s).replaceAll(MASK);
    }
}
