package io.llmbatch4j.testkit.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small {@code multipart/form-data} reader for text parts (the JSONL uploads of batch APIs). */
final class Multipart {

    /** One form field: its value and, for file parts, the file name. */
    record Part(String name, String filename, String value) {}

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {}

    /** The parts by name, or {@code null} when the content type is not multipart or the body is malformed. */
    static Map<String, Part> parse(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher b = BOUNDARY.matcher(contentType);
        if (!b.find()) {
            return null;
        }
        String delimiter = "--" + b.group(1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = body.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (body.startsWith("--", start)) {
                break;
            }
            int headersEnd = body.indexOf("\r\n\r\n", start);
            int next = body.indexOf("\r\n" + delimiter, start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                return null;
            }
            String headers = body.substring(start, headersEnd);
            String value = body.substring(headersEnd + 4, next);
            Matcher n = NAME.matcher(headers);
            if (n.find()) {
                Matcher f = FILENAME.matcher(headers);
                parts.put(n.group(1), new Part(n.group(1), f.find() ? f.group(1) : null, value));
            }
            pos = next + 2;
        }
        return parts;
    }
}
