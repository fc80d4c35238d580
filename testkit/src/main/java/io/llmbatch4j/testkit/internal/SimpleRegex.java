package io.llmbatch4j.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Generates a string matching a simple regular expression: literals, {@code .}, {@code \d \w \s},
 * character classes with ranges, groups with alternation, and the quantifiers {@code ? * + {n} {n,}
 * {n,m}}; {@code ^} and {@code $} anchors. Anything else (look-arounds, back-references, negated
 * classes) gives {@code null}, and so does a result that the JDK does not find matching.
 */
public final class SimpleRegex {

    private final String p;
    private final SplittableRandom rnd;
    private int i;

    private SimpleRegex(String pattern, SplittableRandom rnd) {
        this.p = pattern;
        this.rnd = rnd;
    }

    public static String generate(String pattern, SplittableRandom rnd) {
        try {
            SimpleRegex g = new SimpleRegex(pattern, rnd);
            StringBuilder out = new StringBuilder();
            g.alternation(out);
            if (g.i != pattern.length()) {
                return null;
            }
            String s = out.toString();
            return Pattern.compile(pattern).matcher(s).find() ? s : null;
        } catch (UnsupportedOperationException | PatternSyntaxException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private void alternation(StringBuilder out) {
        List<StringBuilder> alternatives = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        alternatives.add(current);
        while (i < p.length() && p.charAt(i) != ')') {
            char c = p.charAt(i);
            if (c == '|') {
                i++;
                current = new StringBuilder();
                alternatives.add(current);
            } else if (c == '^' || c == '$') {
                i++;
            } else {
                quantified(current);
            }
        }
        out.append(alternatives.get(rnd.nextInt(alternatives.size())));
    }

    private void quantified(StringBuilder out) {
        int atomStart = i;
        StringBuilder once = new StringBuilder();
        atom(once);
        int atomEnd = i;
        int min = 1;
        int max = 1;
        if (i < p.length()) {
            char q = p.charAt(i);
            if (q == '?') {
                min = 0;
                max = 1;
                i++;
            } else if (q == '*') {
                min = 0;
                max = 3;
                i++;
            } else if (q == '+') {
                min = 1;
                max = 3;
                i++;
            } else if (q == '{') {
                int close = p.indexOf('}', i);
                String[] parts = p.substring(i + 1, close).split(",", -1);
                min = Integer.parseInt(parts[0].trim());
                max = parts.length == 1 ? min : parts[1].isBlank() ? min + 3 : Integer.parseInt(parts[1].trim());
                i = close + 1;
            }
            if (i < p.length() && (p.charAt(i) == '?' || p.charAt(i) == '+') && atomEnd != i) {
                i++; // lazy or possessive marker
            }
        }
        int n = min + (max > min ? rnd.nextInt(max - min + 1) : 0);
        for (int k = 0; k < n; k++) {
            if (k == 0) {
                out.append(once);
            } else {
                int save = i;
                i = atomStart;
                atom(out);
                i = save;
            }
        }
    }

    private void atom(StringBuilder out) {
        char c = p.charAt(i);
        switch (c) {
            case '(' -> {
                i++;
                if (i < p.length() && p.charAt(i) == '?') {
                    if (p.startsWith("?:", i)) {
                        i += 2;
                    } else {
                        throw new UnsupportedOperationException("look-around");
                    }
                }
                alternation(out);
                if (p.charAt(i) != ')') {
                    throw new UnsupportedOperationException("unclosed group");
                }
                i++;
            }
            case '[' -> out.append(charClass());
            case '.' -> {
                i++;
                out.append((char) ('a' + rnd.nextInt(26)));
            }
            case '\\' -> {
                i++;
                out.append(escape(p.charAt(i++)));
            }
            case '*', '+', '?', '{', '|', ')' -> throw new UnsupportedOperationException("dangling " + c);
            default -> {
                i++;
                out.append(c);
            }
        }
    }

    private char escape(char e) {
        return switch (e) {
            case 'd' -> (char) ('0' + rnd.nextInt(10));
            case 'w' -> (char) ('a' + rnd.nextInt(26));
            case 's' -> ' ';
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw new UnsupportedOperationException("escape \\" + e);
                }
                yield e;
            }
        };
    }

    private char charClass() {
        i++;
        if (p.charAt(i) == '^') {
            throw new UnsupportedOperationException("negated class");
        }
        List<char[]> ranges = new ArrayList<>();
        while (p.charAt(i) != ']') {
            char from = p.charAt(i) == '\\' ? classEscape() : p.charAt(i++);
            if (from == 0) {
                continue;
            }
            char to = from;
            if (p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                i++;
                to = p.charAt(i) == '\\' ? classEscape() : p.charAt(i++);
            }
            ranges.add(new char[] {from, to});
        }
        i++;
        char[] r = ranges.get(rnd.nextInt(ranges.size()));
        return (char) (r[0] + rnd.nextInt(r[1] - r[0] + 1));
    }

    private char classEscape() {
        i++;
        char e = p.charAt(i++);
        return switch (e) {
            case 'd' -> (char) ('0' + rnd.nextInt(10));
            case 'w' -> (char) ('a' + rnd.nextInt(26));
            case 's' -> ' ';
            default -> e;
        };
    }
}
