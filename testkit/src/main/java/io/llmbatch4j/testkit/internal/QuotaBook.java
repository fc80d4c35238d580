package io.llmbatch4j.testkit.internal;

import io.llmbatch4j.testkit.Quota;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed-window request and token counters per API key. A window starts at the first request after
 * the previous window ended. Unlimited dimensions show {@link #UNLIMITED_REQUESTS} /
 * {@link #UNLIMITED_TOKENS} as their limit.
 */
public final class QuotaBook {

    public static final long UNLIMITED_REQUESTS = 1_000_000L;
    public static final long UNLIMITED_TOKENS = 1_000_000_000L;

    /** Why a request was refused, or {@code null} in {@link Decision#refusal()} when admitted. */
    public enum Refusal { REQUESTS, TOKENS, TOO_LARGE }

    /** The state of one key's window after a decision. */
    public record Snapshot(long requestLimit, long requestsRemaining, long tokenLimit, long tokensRemaining,
            long requestsUsed, long tokensUsed, Duration resetIn, Instant resetAt, Duration window) {}

    public record Decision(Refusal refusal, Snapshot snapshot) {
        public boolean admitted() {
            return refusal == null;
        }
    }

    private static final class Window {
        Instant start;
        long requests;
        long tokens;
    }

    private final Map<String, Window> windows = new HashMap<>();

    /** Charges one request of {@code tokens} tokens to {@code key} when both budgets allow it. */
    public synchronized Decision admit(String key, Quota quota, long tokens, Instant now) {
        Window w = current(key, quota, now);
        long reqLimit = quota.requestsPerWindow();
        long tokLimit = quota.tokensPerWindow();
        Refusal refusal = null;
        if (tokLimit > 0 && tokens > tokLimit) {
            refusal = Refusal.TOO_LARGE;
        } else if (reqLimit > 0 && w.requests + 1 > reqLimit) {
            refusal = Refusal.REQUESTS;
        } else if (tokLimit > 0 && w.tokens + tokens > tokLimit) {
            refusal = Refusal.TOKENS;
        }
        if (refusal == null) {
            w.requests++;
            w.tokens += tokens;
        }
        return new Decision(refusal, snapshot(w, quota, now));
    }

    /** The current state of {@code key} without charging anything. */
    public synchronized Snapshot peek(String key, Quota quota, Instant now) {
        return snapshot(current(key, quota, now), quota, now);
    }

    public synchronized void clear() {
        windows.clear();
    }

    private Window current(String key, Quota quota, Instant now) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        if (w.start == null || !now.isBefore(w.start.plus(quota.window())) || now.isBefore(w.start)) {
            w.start = now;
            w.requests = 0;
            w.tokens = 0;
        }
        return w;
    }

    private static Snapshot snapshot(Window w, Quota quota, Instant now) {
        long reqLimit = quota.requestsPerWindow() > 0 ? quota.requestsPerWindow() : UNLIMITED_REQUESTS;
        long tokLimit = quota.tokensPerWindow() > 0 ? quota.tokensPerWindow() : UNLIMITED_TOKENS;
        Instant resetAt = w.start.plus(quota.window());
        Duration resetIn = Duration.between(now, resetAt);
        return new Snapshot(reqLimit, Math.max(0, reqLimit - w.requests), tokLimit, Math.max(0, tokLimit - w.tokens),
                w.requests, w.tokens, resetIn.isNegative() ? Duration.ZERO : resetIn, resetAt, quota.window());
    }
}
