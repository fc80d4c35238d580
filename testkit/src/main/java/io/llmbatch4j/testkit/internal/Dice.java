package io.llmbatch4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Deterministic randomness for one request: every draw is a function of (seed, request hash,
 * attempt number, purpose). {@link #stable(String)} ignores the attempt, for what must not change
 * when the same body is retried (the answer text).
 */
public final class Dice {

    private final long seed;
    private final long requestHash;
    private final int attempt;

    public Dice(long seed, long requestHash, int attempt) {
        this.seed = seed;
        this.requestHash = requestHash;
        this.attempt = attempt;
    }

    public int attempt() {
        return attempt;
    }

    public long requestHash() {
        return requestHash;
    }

    /** A uniform number in [0, 1) for {@code purpose}, different for each attempt. */
    public double uniform(String purpose) {
        return (mix(seed, requestHash, attempt, purpose.hashCode()) >>> 11) * 0x1.0p-53;
    }

    /** A random stream for {@code purpose}, different for each attempt. */
    public SplittableRandom perAttempt(String purpose) {
        return new SplittableRandom(mix(seed, requestHash, attempt, purpose.hashCode()));
    }

    /** A random stream for {@code purpose} that is the same for every attempt of this request. */
    public SplittableRandom stable(String purpose) {
        return new SplittableRandom(mix(seed, requestHash, -1, purpose.hashCode()));
    }

    /** A 64-bit hash of the strings (SHA-256, first 8 bytes). */
    public static long hash(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            byte[] d = md.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long mix(long seed, long hash, int attempt, int purpose) {
        long z = seed * 0x9E3779B97F4A7C15L ^ hash;
        z = stafford(z + attempt * 0xBF58476D1CE4E5B9L);
        return stafford(z ^ purpose * 0x94D049BB133111EBL);
    }

    private static long stafford(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
