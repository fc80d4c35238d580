package io.llmbatch4j.core.quota;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Which provider quota a shared ledger tracks: the provider, the quota bucket (a model or model
 * family, as the provider counts it) and a fingerprint of the API key. The key itself is never
 * kept: {@link #of} hashes it at once (SHA-256, the first 16 hex digits), so the fingerprint may go
 * into store keys and logs.
 *
 * @param provider the provider's name, e.g. {@code "openai"}
 * @param bucket the quota bucket, e.g. {@code "gpt-4.1-mini"}
 * @param keyFingerprint the API key's fingerprint
 */
public record QuotaKey(String provider, String bucket, String keyFingerprint) {

    /**
     * Checks the parts: none empty, none containing the separator characters {@code :{}}.
     *
     * @param provider the provider's name
     * @param bucket the quota bucket
     * @param keyFingerprint the API key's fingerprint
     */
    public QuotaKey {
        check("provider", provider);
        check("bucket", bucket);
        check("keyFingerprint", keyFingerprint);
    }

    /**
     * The key of {@code apiKey}'s quota for {@code bucket} at {@code provider}.
     *
     * @param provider the provider's name
     * @param bucket the quota bucket (model or model family)
     * @param apiKey the API key; only its fingerprint is kept
     * @return the key
     */
    public static QuotaKey of(String provider, String bucket, String apiKey) {
        Objects.requireNonNull(apiKey, "QuotaKey apiKey must not be null");
        return new QuotaKey(provider, bucket, fingerprint(apiKey));
    }

    /**
     * {@code secret}'s fingerprint: the first 16 hex digits of its SHA-256.
     *
     * @param secret the secret
     * @return the fingerprint
     */
    public static String fingerprint(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@return {@code provider:bucket:fingerprint}} */
    public String id() {
        return provider + ":" + bucket + ":" + keyFingerprint;
    }

    private static void check(String field, String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(c -> c == ':' || c == '{' || c == '}')) {
            throw new IllegalArgumentException("QuotaKey." + field + " must be non-blank without ':', '{', '}' (was "
                    + value + ")");
        }
    }
}
