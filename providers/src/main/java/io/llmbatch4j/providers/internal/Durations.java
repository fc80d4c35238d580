package io.llmbatch4j.providers.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Every way the providers write "how long": seconds ({@code 20}, {@code 1.5}), milliseconds
 * ({@code retry-after-ms}), Go durations ({@code 6m0s}, {@code 172.799999ms}), protobuf durations
 * ({@code 19s}, {@code 3.700s}), HTTP dates and RFC 3339 instants. Unreadable or negative values
 * give {@code null}, never an exception: a bad header must not fail a call that succeeded.
 */
public final class Durations {

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

    private Durations() {}

    /** Seconds as an integer or decimal ({@code retry-after}), or an HTTP date. */
    public static @Nullable Duration retryAfter(@Nullable String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return nonNegative(seconds(Double.parseDouble(v)));
        } catch (NumberFormatException notNumber) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return clampedUntil(at, clock);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** Milliseconds as an integer or decimal ({@code retry-after-ms}). */
    public static @Nullable Duration millis(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double ms = Double.parseDouble(value.trim());
            return nonNegative(Duration.ofNanos((long) (ms * 1_000_000)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A Go duration ({@code 6m0s}, {@code 1h2m3.5s}, {@code 12ms}); also a protobuf duration
     * ({@code 19s}, {@code 3.700s}), which is the same shape with one part.
     */
    public static @Nullable Duration go(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Matcher m = GO_PART.matcher(v);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            nanos += (long) (n * switch (m.group(2)) {
                case "h" -> 3_600_000_000_000.0;
                case "m" -> 60_000_000_000.0;
                case "s" -> 1_000_000_000.0;
                case "ms" -> 1_000_000.0;
                case "us", "µs" -> 1_000.0;
                default -> 1.0;
            });
            end = m.end();
        }
        return end == v.length() && end > 0 ? Duration.ofNanos(nanos) : null;
    }

    /** The time from now until an RFC 3339 instant (Anthropic's resets); zero when it has passed. */
    public static @Nullable Duration until(@Nullable String rfc3339, Clock clock) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return null;
        }
        try {
            return clampedUntil(Instant.parse(rfc3339.trim()), clock);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration clampedUntil(Instant at, Clock clock) {
        Duration d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1_000_000_000L));
    }

    private static @Nullable Duration nonNegative(Duration d) {
        return d.isNegative() ? null : d;
    }
}
