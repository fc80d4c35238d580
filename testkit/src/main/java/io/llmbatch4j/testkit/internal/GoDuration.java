package io.llmbatch4j.testkit.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats durations as Go does ({@code 6m0s}, {@code 1.5s}, {@code 20ms}, {@code 0s}) for OpenAI's reset headers. */
public final class GoDuration {

    private GoDuration() {}

    public static String format(Duration d) {
        long nanos = Math.max(0, d.toNanos());
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            return decimal(nanos, 1_000_000L) + "ms";
        }
        long h = nanos / 3_600_000_000_000L;
        long m = (nanos / 60_000_000_000L) % 60;
        long restNanos = nanos % 60_000_000_000L;
        StringBuilder sb = new StringBuilder();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(decimal(restNanos, 1_000_000_000L)).append('s');
        return sb.toString();
    }

    /** {@code value / unit} without trailing zeros, at most 3 decimals. */
    private static String decimal(long value, long unit) {
        BigDecimal bd = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit))
                .setScale(3, java.math.RoundingMode.DOWN).stripTrailingZeros();
        return bd.scale() < 0 ? bd.setScale(0).toPlainString() : bd.toPlainString();
    }
}
